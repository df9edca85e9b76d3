import { TsprofError } from '../errors';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DURATION_BUCKETS } from './histogram';
import { PROFILE_VERSION, READABLE_VERSIONS, type Profile } from './types';
import { upgradeVersion1, type ProfileV1 } from './upgrade';

/** A profile file that is missing, not JSON, of another version or malformed. */
export class ProfileFormatError extends TsprofError {
  override name = 'ProfileFormatError';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkNodes(nodes: unknown): string | null {
  if (!Array.isArray(nodes)) return '"nodes" is not an array';
  const ids = new Set<number>();
  for (const [index, node] of nodes.entries()) {
    if (!isObject(node)) return `nodes[${index}] is not an object`;
    const { id, name, file, line, calls, selfMs, totalMs, awaitMs } = node;
    if (!isNumber(id) || typeof name !== 'string' || typeof file !== 'string' || !isNumber(line)) return `nodes[${index}] lacks id, name, file or line`;
    if (![calls, selfMs, totalMs, awaitMs].every(isNumber)) return `nodes[${index}] lacks calls, selfMs, totalMs or awaitMs`;
    if (ids.has(id)) return `nodes[${index}] repeats id ${id}`;
    ids.add(id);
  }
  return null;
}

function checkEdges(edges: unknown, nodes: { id: number }[]): string | null {
  if (!Array.isArray(edges)) return '"edges" is not an array';
  const ids = new Set(nodes.map((node) => node.id));
  for (const [index, edge] of edges.entries()) {
    if (!isObject(edge)) return `edges[${index}] is not an object`;
    const { caller, callee, calls, totalMs, awaitMs } = edge;
    if (![caller, callee, calls, totalMs, awaitMs].every(isNumber)) return `edges[${index}] lacks caller, callee, calls, totalMs or awaitMs`;
    if (!ids.has(caller as number) || !ids.has(callee as number)) return `edges[${index}] refers to a node that does not exist`;
  }
  return null;
}

function checkFunctions(functions: unknown): string | null {
  if (!Array.isArray(functions) || functions.length === 0) return '"functions" is not a non-empty array';
  for (const [index, fn] of functions.entries()) {
    if (!isObject(fn)) return `functions[${index}] is not an object`;
    if (fn.id !== index) return `functions[${index}] has id ${JSON.stringify(fn.id)}; ids are positions in the table`;
    if (typeof fn.name !== 'string' || typeof fn.file !== 'string' || !isNumber(fn.line) || !isNumber(fn.column)) {
      return `functions[${index}] lacks name, file, line or column`;
    }
  }
  return null;
}

function isHistogram(durations: unknown): boolean {
  if (!Array.isArray(durations)) return false;
  let previous = -1;
  for (const pair of durations) {
    if (!Array.isArray(pair) || pair.length !== 2 || !Number.isInteger(pair[0]) || !isNumber(pair[1]) || pair[1] <= 0) return false;
    if (pair[0] <= previous || pair[0] >= DURATION_BUCKETS) return false;
    previous = pair[0];
  }
  return true;
}

function checkContexts(contexts: unknown, functionCount: number, version: number): string | null {
  if (!Array.isArray(contexts) || contexts.length === 0) return '"contexts" is not a non-empty array';
  for (const [index, context] of contexts.entries()) {
    if (!isObject(context)) return `contexts[${index}] is not an object`;
    const { id, parent, calls, selfMs, totalMs, awaitMs, awaitedMs } = context;
    if (id !== index) return `contexts[${index}] has id ${JSON.stringify(id)}; ids are positions in the table`;
    if (![calls, selfMs, totalMs, awaitMs, awaitedMs].every(isNumber)) return `contexts[${index}] lacks calls, selfMs, totalMs, awaitMs or awaitedMs`;
    if (!isNumber(context.function) || context.function < 0 || context.function >= functionCount) return `contexts[${index}] refers to a function that does not exist`;
    if (context.async !== undefined && (context.async !== true || index === 0 || version < 3)) return `contexts[${index}] has "async": ${JSON.stringify(context.async)}; it is true on a context that is not the root in a version 3 profile, or absent`;
    if (context.durations !== undefined && !isHistogram(context.durations)) return `contexts[${index}] has "durations" that are not [bucket, calls] pairs with buckets ascending from 0 to ${DURATION_BUCKETS - 1} and calls above 0`;
    const expectedParent = index === 0 ? parent === -1 : isNumber(parent) && parent >= 0 && parent < index;
    if (!expectedParent) return index === 0 ? 'contexts[0] is not the root (parent -1)' : `contexts[${index}] has parent ${JSON.stringify(parent)}; a parent comes before its children`;
  }
  return null;
}

/**
 * Checks the shape of parsed JSON and returns it typed, or throws
 * ProfileFormatError. Reads versions 1, 2 and 3; version 1 is upgraded here,
 * the one place that knows it (upgrade.ts); version 2 is version 3 without
 * async contexts and is returned as it is.
 */
export function validateProfile(data: unknown, source: string): Profile {
  if (!isObject(data)) throw new ProfileFormatError(`${source} is not a tsprof profile (not a JSON object)`);
  const version = data.version;
  // A tsprof profile of any version has a numbered version and the command it profiled; other JSON (package.json) is not one.
  if (typeof version !== 'number' || !Array.isArray(data.command)) throw new ProfileFormatError(`${source} is not a tsprof profile (no numbered "version" and "command")`);
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(version)) {
    throw new ProfileFormatError(`${source} has profile version ${JSON.stringify(version)}; this tsprof reads versions ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS[READABLE_VERSIONS.length - 1]}`);
  }
  const problem =
    (!Array.isArray(data.command) ? '"command" is not an array' : null) ??
    (!isNumber(data.wallMs) ? '"wallMs" is not a number' : null) ??
    (version === 1
      ? (checkNodes(data.nodes) ?? checkEdges(data.edges, data.nodes as { id: number }[]))
      : (checkFunctions(data.functions) ?? checkContexts(data.contexts, (data.functions as unknown[]).length, version)));
  if (problem) throw new ProfileFormatError(`${source} is not a valid tsprof profile: ${problem}`);
  const facts = { startedAt: '', processes: [], files: [] };
  if (version === 1) return upgradeVersion1({ ...facts, ...data } as unknown as ProfileV1);
  return { ...facts, foldedCalls: 0, ...data } as unknown as Profile;
}

/** A part written by this tsprof's runtime: always the current version. */
export function validatePart(data: unknown, source: string): Profile {
  const version = isObject(data) ? data.version : undefined;
  if (version !== PROFILE_VERSION) throw new ProfileFormatError(`${source} is a version ${JSON.stringify(version)} part; parts are written in version ${PROFILE_VERSION}`);
  return validateProfile(data, source);
}

export function readProfile(file: string): Profile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProfileFormatError(code === 'ENOENT' ? `${file}: no such profile` : `${file}: cannot read (${code ?? (error as Error).message})`);
  }
  // gzip's magic number: an export (pprof's .pb.gz) given where the profile JSON belongs.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new ProfileFormatError(`${file} is gzip-compressed (a pprof .pb.gz export?); tsprof reads the profile JSON that --profile writes`);
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    // One line of printable text: V8's message quotes the start of the file, line breaks and binary included.
    const reason = (error as Error).message.replace(/\s+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
    throw new ProfileFormatError(`${file} is not valid JSON (${reason}); is it a tsprof profile?`);
  }
  return validateProfile(data, file);
}

/**
 * The parts every profiled process and thread wrote into `directory`. A part
 * that cannot be read is skipped with one line to `warn`, so that one torn
 * worker does not lose the others.
 */
export function readParts(directory: string, warn: (message: string) => void): Profile[] {
  const parts: Profile[] = [];
  for (const name of readdirSync(directory)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      parts.push(validatePart(JSON.parse(readFileSync(join(directory, name), 'utf8')), name));
    } catch (error) {
      warn(`ignoring unreadable profile part ${name}: ${(error as Error).message}`);
    }
  }
  return parts;
}
