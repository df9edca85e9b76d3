import { readFileSync } from 'node:fs';
import { PROFILE_VERSION, type Profile } from './types';

/** A profile file that is missing, not JSON, of another version or malformed. */
export class ProfileFormatError extends Error {
  override name = 'ProfileFormatError';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkNodes(nodes: unknown): string | null {
  if (!Array.isArray(nodes)) return '"nodes" is not an array';
  const ids = new Set<number>();
  for (const [index, node] of nodes.entries()) {
    if (typeof node !== 'object' || node === null) return `nodes[${index}] is not an object`;
    const { id, name, file, line, calls, selfMs, totalMs, awaitMs } = node as Record<string, unknown>;
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
    if (typeof edge !== 'object' || edge === null) return `edges[${index}] is not an object`;
    const { caller, callee, calls, totalMs, awaitMs } = edge as Record<string, unknown>;
    if (![caller, callee, calls, totalMs, awaitMs].every(isNumber)) return `edges[${index}] lacks caller, callee, calls, totalMs or awaitMs`;
    if (!ids.has(caller as number) || !ids.has(callee as number)) return `edges[${index}] refers to a node that does not exist`;
  }
  return null;
}

/** Checks the shape of parsed JSON and returns it typed, or throws ProfileFormatError. */
export function validateProfile(data: unknown, source: string): Profile {
  if (typeof data !== 'object' || data === null) throw new ProfileFormatError(`${source} is not a tsprof profile (not a JSON object)`);
  const candidate = data as Record<string, unknown>;
  if (candidate.version !== PROFILE_VERSION) {
    throw new ProfileFormatError(`${source} has profile version ${JSON.stringify(candidate.version)}; this tsprof reads version ${PROFILE_VERSION}`);
  }
  const problem =
    (!Array.isArray(candidate.command) ? '"command" is not an array' : null) ??
    (!isNumber(candidate.wallMs) ? '"wallMs" is not a number' : null) ??
    checkNodes(candidate.nodes) ??
    checkEdges(candidate.edges, candidate.nodes as { id: number }[]);
  if (problem) throw new ProfileFormatError(`${source} is not a valid tsprof profile: ${problem}`);
  return {
    startedAt: '',
    processes: [],
    files: [],
    ...(candidate as object),
  } as unknown as Profile;
}

export function readProfile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProfileFormatError(code === 'ENOENT' ? `${file}: no such profile` : `${file}: cannot read (${code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError(`${file} is not valid JSON (${(error as Error).message}); is it a tsprof profile?`);
  }
  return validateProfile(data, file);
}
