import { InvalidArgumentError } from 'commander';
import { extname } from 'node:path';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from '../export';
import type { Profile } from '../profile/types';
import type { DotOptions } from '../render/dot';
import type { DiffPageData } from '../render/html-data';
import { checkWritableFile, writeFileAtomicFlushingAside } from '../file-system';
import { say } from '../messages';
import { RenderOutputError, renderGraph, prepareRenderer, type PictureFormat } from '../render/output';
import { countProgramFunctions, type CallGraph } from '../graph/types';
import { runGraphvizAsLiftoffCode } from './liftoff';
import { DEFAULT_PICTURE, laidOut, PICTURE_EXTENSIONS, pictureFormatOf } from './picture-formats';
import type { ProfileView } from './view';
import { viewOptionsFrom } from './view-options';

/**
 * The one table of every file format tsprof writes, from format name to
 * writer: the pictures (`-o`) and the exports (`--export`, `tsprof export`).
 * `tsprof run` writes through the same entries as `render` and `export` do on
 * a saved profile, so what a run writes equals what those write afterwards.
 * A new format is one entry here and one file in render/ or export/. Writers'
 * modules load when they write, so that `tsprof run` checks its outputs
 * against this table before the command starts without loading them.
 */
interface OutputFormat {
  /** For `--help`: who reads it. */
  description: string;
  /** 'picture' formats draw the selected, pruned graph and are chosen by `-o`'s extension; exports write the whole profile. */
  kind: 'picture' | 'export';
  /** File-name extensions that choose this format for `-o` (pictures). */
  extensions: readonly string[];
  /** Where `tsprof export` writes it without -o. */
  defaultFile: string;
  write: (view: ProfileView, options: WriteOptions) => Promise<string | Uint8Array> | string | Uint8Array;
  /** Loads and compiles what writing needs, while the command runs. */
  prepare?: () => void;
}

/** What writers need besides the view: the directory paths are shown relative to, the export options, and a picture's own title and colours (diff). */
export interface WriteOptions {
  cwd: string;
  exports: ExportOptions;
  drawing?: Pick<DotOptions, 'title' | 'decoration'>;
  /** With a drawing of its own (diff): what its HTML page shows beside the picture (compare/diff-page.ts). */
  diffPage?: DiffPageData;
}

/** Before Graphviz loads in this process: its code is compiled by Liftoff alone (liftoff.ts). */
function beforeGraphviz(format: PictureFormat): void {
  if (laidOut(format)) runGraphvizAsLiftoffCode();
}

const picture = (format: PictureFormat): Pick<OutputFormat, 'write' | 'prepare'> => ({
  write: (view, { cwd, drawing }) => {
    beforeGraphviz(format);
    return renderGraph(view.picture(), format, { cwd, colorBy: view.options.colorBy, label: view.options.label, scale: view.options.scale, ...drawing });
  },
  prepare: () => {
    beforeGraphviz(format);
    prepareRenderer(format);
  },
});

/**
 * The page carries the whole profile and the command line's selection and
 * pruning, and selects again in the browser with the same modules; the graph
 * it shows first is the SVG `-o calls.svg` writes. A diff's colours come from
 * compare/, which the page does not carry: its page shows the picture diff
 * drew and diff's table, and selects nothing again.
 */
async function writeHtmlPage(view: ProfileView, { cwd, drawing, diffPage }: WriteOptions): Promise<string> {
  beforeGraphviz('svg');
  if (drawing && diffPage) {
    const drawn = (await renderGraph(view.picture(), 'svg', { cwd, ...drawing })) as string;
    return (require('../render/html') as typeof import('../render/html')).diffHtmlReport(drawn, diffPage);
  }
  if (drawing) throw new RenderOutputError('this command cannot write an HTML report; use a .png, .svg or .dot file name');
  const svg = (await renderGraph(view.picture(), 'svg', { cwd, colorBy: view.options.colorBy, label: view.options.label })) as string;
  const { htmlReport } = require('../render/html') as typeof import('../render/html');
  return htmlReport(svg, { profile: view.profile, selection: view.options.selection, graph: view.options.graph, colorBy: view.options.colorBy, label: view.options.label, cwd });
}

export const OUTPUT_FORMATS = {
  png: { kind: 'picture', description: 'the call graph as a PNG image', extensions: PICTURE_EXTENSIONS.png, defaultFile: DEFAULT_PICTURE, ...picture('png') },
  svg: { kind: 'picture', description: 'the call graph as SVG', extensions: PICTURE_EXTENSIONS.svg, defaultFile: 'out/calls.svg', ...picture('svg') },
  dot: { kind: 'picture', description: 'the call graph as Graphviz DOT', extensions: PICTURE_EXTENSIONS.dot, defaultFile: 'out/calls.dot', ...picture('dot') },
  html: {
    kind: 'picture',
    description: 'one self-contained page: the call graph, a flame view and a table, with search and focus/root/ignore',
    extensions: PICTURE_EXTENSIONS.html,
    defaultFile: 'out/calls.html',
    write: writeHtmlPage,
    prepare: () => {
      beforeGraphviz('svg');
      prepareRenderer('svg');
      require('../render/html');
    },
  },
  pprof: {
    kind: 'export',
    description: 'gzipped profile.proto for go tool pprof, Pyroscope, Parca',
    extensions: [],
    defaultFile: 'out/profile.pb.gz',
    write: (view) => (require('../export/pprof') as typeof import('../export/pprof')).writePprof(view.profile),
  },
  callgrind: {
    kind: 'export',
    description: 'callgrind for KCachegrind, QCachegrind, callgrind_annotate',
    extensions: [],
    defaultFile: 'out/callgrind.out',
    write: (view) => (require('../export/callgrind') as typeof import('../export/callgrind')).writeCallgrind(view.profile),
  },
  speedscope: {
    kind: 'export',
    description: 'speedscope JSON',
    extensions: [],
    defaultFile: 'out/profile.speedscope.json',
    write: (view) => (require('../export/speedscope') as typeof import('../export/speedscope')).writeSpeedscope(view.profile),
  },
  collapsed: {
    kind: 'export',
    description: 'folded stacks for flamegraph.pl, inferno, speedscope',
    extensions: [],
    defaultFile: 'out/profile.folded',
    write: (view, options) => (require('../export/collapsed') as typeof import('../export/collapsed')).writeCollapsed(view.profile, options.exports.value),
  },
} satisfies Record<string, OutputFormat>;

export type OutputFormatName = keyof typeof OUTPUT_FORMATS;
const formatNames = Object.keys(OUTPUT_FORMATS) as OutputFormatName[];
export const PICTURE_FORMAT_NAMES = formatNames.filter((name) => OUTPUT_FORMATS[name].kind === 'picture');
export const EXPORT_FORMAT_NAMES = formatNames.filter((name) => OUTPUT_FORMATS[name].kind === 'export');

export function isExportFormat(name: string): name is OutputFormatName {
  return (EXPORT_FORMAT_NAMES as string[]).includes(name);
}

/** `pprof:out/profile.pb.gz` → { format, file } (`tsprof run --export`); commander turns the error into one line. */
export function parseExportTarget(value: string, previous: OutputTarget[]): OutputTarget[] {
  const colon = value.indexOf(':');
  const format = colon > 0 ? value.slice(0, colon) : value;
  const file = colon > 0 ? value.slice(colon + 1) : '';
  if (!isExportFormat(format)) throw new InvalidArgumentError(`unknown export format "${format}"; expected <format>:<file> with format one of ${EXPORT_FORMAT_NAMES.join(', ')}`);
  if (file === '') throw new InvalidArgumentError(`expected ${format}:<file>, e.g. ${format}:${OUTPUT_FORMATS[format].defaultFile}`);
  return [...previous, { format, file }];
}

/** One file to write, and in which format. */
export interface OutputTarget {
  format: OutputFormatName;
  file: string;
}

/** The picture format a file name asks for by its extension; a file without one is a PNG. */
export function pictureTarget(file: string): OutputTarget {
  const format = pictureFormatOf(file);
  if (!format) {
    const extension = extname(file).toLowerCase();
    const names = PICTURE_FORMAT_NAMES.map((name) => OUTPUT_FORMATS[name].extensions[0]);
    throw new RenderOutputError(`cannot write ${file}: unknown output format "${extension}"; use a ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]} file name`);
  }
  return { format, file };
}

/** Everything that can be known about writing a target before anything is drawn: its directory, and that it is a file tsprof may replace. */
export function checkTarget(target: OutputTarget): void {
  checkWritableFile(target.file, OUTPUT_FORMATS[target.format].kind === 'picture' ? 'output' : `${target.format} export`);
}

/** Loads the writers of these targets in the background: `tsprof run` calls it while the command runs. */
export function prepareTargets(targets: readonly OutputTarget[]): void {
  for (const target of targets) (OUTPUT_FORMATS[target.format] as OutputFormat).prepare?.();
}

/**
 * Writes one target whole or not at all (writeFileAtomicFlushingAside); a picture that
 * hides nearly everything says so. Missing directories are made.
 */
export async function writeTarget(view: ProfileView, target: OutputTarget, options: WriteOptions): Promise<void> {
  const format = OUTPUT_FORMATS[target.format] as OutputFormat;
  checkTarget(target);
  const content = await format.write(view, options);
  if (format.kind === 'picture') {
    const warning = littleDrawnWarning(view.picture());
    if (warning) say(warning);
  }
  await writeFileAtomicFlushingAside(target.file, content, { makeDirectories: true });
}

/** A picture that hides nearly everything should not pass for a complete one: the warning to print, or null. */
export function littleDrawnWarning(graph: CallGraph): string | null {
  if (graph.fallback) return `${graph.fallback} (--node-threshold 0 draws every function)`;
  const shown = countProgramFunctions(graph.nodes);
  if (shown === 0 && graph.profiledFunctions > 0) return `drew no function of ${graph.profiledFunctions}; loosen --focus, --ignore, --root or the thresholds`;
  return null;
}

/** One export of a whole profile, in memory: what `tsprof export` writes, for library callers and tests. */
export function exportProfile(profile: Profile, format: (typeof EXPORT_FORMAT_NAMES)[number], exportOptions: ExportOptions = DEFAULT_EXPORT_OPTIONS): string | Uint8Array {
  if (!isExportFormat(format)) throw new TypeError(`${format} is not an export format`);
  const write = OUTPUT_FORMATS[format].write as (view: ProfileView, options: WriteOptions) => string | Uint8Array;
  const { viewProfile } = require('./view') as typeof import('./view');
  return write(viewProfile(profile, viewOptionsFrom({}), 'the profile'), { cwd: process.cwd(), exports: exportOptions });
}
