import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { CallGraph } from '../graph/types';
import { DotOptions, toDot } from './dot';
import { PngOptions, svgToPng } from './png';
import { dotToSvg } from './svg';

export type OutputFormat = 'png' | 'svg' | 'dot';

/** The output file cannot be written; the message is one line that says what to do. */
export class RenderOutputError extends Error {
  override name = 'RenderOutputError';
}

export interface RenderOptions extends DotOptions, PngOptions {}

export interface WrittenFile {
  file: string;
  format: OutputFormat;
  bytes: number;
}

const FORMAT_BY_EXTENSION: Record<string, OutputFormat> = {
  '': 'png',
  '.png': 'png',
  '.svg': 'svg',
  '.dot': 'dot',
  '.gv': 'dot',
};

/** The format a file name asks for: `.png` (also when there is no extension), `.svg`, `.dot` or `.gv`. */
export function formatForFile(file: string): OutputFormat {
  const extension = extname(file).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) {
    throw new RenderOutputError(`cannot write ${file}: unknown output format "${extension}"; use a .png, .svg or .dot file name`);
  }
  return format;
}

/** The graph in one output format, in memory. */
export async function renderGraph(graph: CallGraph, format: OutputFormat, options: RenderOptions = {}): Promise<string | Buffer> {
  const dot = toDot(graph, options);
  if (format === 'dot') return dot;
  const svg = await dotToSvg(dot);
  return format === 'svg' ? svg : svgToPng(svg, options);
}

/**
 * Renders the graph into `file`, in the format its extension names. Missing
 * directories are created (the default output goes to a fresh `out/`). The
 * file appears complete or not at all: rendering happens first, then the bytes
 * go to a temporary file in the same directory, which is renamed over `file`.
 * Failures throw a RenderOutputError whose message is one line saying what to do.
 */
export async function renderToFile(graph: CallGraph, file: string, options: RenderOptions = {}): Promise<WrittenFile> {
  const format = formatForFile(file);
  const content = await renderGraph(graph, format, options);
  await ensureWritableDirectory(file);
  await writeAtomically(file, content);
  return { file, format, bytes: Buffer.byteLength(content) };
}

async function ensureWritableDirectory(file: string): Promise<void> {
  const directory = dirname(file);
  try {
    await makeDirectories(directory);
    await access(directory, constants.W_OK);
  } catch (cause) {
    throw new RenderOutputError(`cannot write ${file}: directory ${directory} is not writable (${errorCode(cause)}); choose another output path`, { cause });
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(…, { recursive: true })`
 * spins forever on paths it cannot create in some file systems (`/proc/x`).
 */
async function makeDirectories(directory: string): Promise<void> {
  const missing: string[] = [];
  for (let current = directory; ; current = dirname(current)) {
    try {
      if ((await stat(current)).isDirectory()) break;
      throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
      missing.unshift(current);
    }
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (cause) {
    await unlink(temporary).catch(() => undefined);
    throw new RenderOutputError(`cannot write ${file}: ${errorCode(cause)}; check the path and free disk space`, { cause });
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
