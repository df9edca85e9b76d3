import { TsprofError } from '../errors';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import validateStructure = require('./profile-validator');
import { describeSchemaError } from './schema-errors';
import { fieldsOfOlderProfiles, PROFILE_VERSION, READABLE_VERSIONS, type Profile } from './types';
import { upgradeVersion1, version1Problem, type ProfileV1 } from './upgrade';
import { DURATION_BUCKETS } from './histogram';

/** A profile file that is missing, not JSON, of another version or malformed. */
export class ProfileFormatError extends TsprofError {
  override name = 'ProfileFormatError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * What the schema cannot say: ids are positions in their table, a context's
 * parent comes before it, its function exists, only a version 3 profile
 * has async contexts (never the root), and a flow's ends are contexts that exist.
 */
function checkTables(profile: Profile): string | null {
  for (const [index, fn] of profile.functions.entries()) {
    if (fn.id !== index) return `functions[${index}] has id ${fn.id}; ids are positions in the table`;
  }
  const functionCount = profile.functions.length;
  for (const [index, context] of profile.contexts.entries()) {
    const { id, parent } = context;
    if (id !== index) return `contexts[${index}] has id ${id}; ids are positions in the table`;
    if (context.function >= functionCount) return `contexts[${index}] refers to a function that does not exist`;
    if (context.async && index === 0) return 'contexts[0] is the root and has "async": true; only a context its parent scheduled is async';
    if (context.async && profile.version < 3) return `contexts[${index}] has "async": true in a version ${profile.version} profile; async contexts came with version 3`;
    const expectedParent = index === 0 ? parent === -1 : parent >= 0 && parent < index;
    if (!expectedParent) return index === 0 ? 'contexts[0] is not the root (parent -1)' : `contexts[${index}] has parent ${parent}; a parent comes before its children`;
    if (context.durations && !bucketsAscending(context.durations)) return `contexts[${index}] has "durations" whose buckets are not ascending from 0 to ${DURATION_BUCKETS - 1}`;
  }
  for (const [index, flow] of (profile.flows ?? []).entries()) {
    if (flow.from >= profile.contexts.length || flow.to >= profile.contexts.length) return `flows[${index}] refers to a context that does not exist`;
  }
  return null;
}

function bucketsAscending(durations: NonNullable<Profile['contexts'][number]['durations']>): boolean {
  let previous = -1;
  for (const [bucket] of durations) {
    if (bucket <= previous || bucket >= DURATION_BUCKETS) return false;
    previous = bucket;
  }
  return true;
}

/** Versions 2 and 3, which one schema describes (3 adds async contexts). */
function contextsProblem(data: unknown): string | null {
  if (!validateStructure(data)) return describeSchemaError((validateStructure.errors ?? [])[0], data);
  return checkTables(data as Profile);
}

/**
 * Checks the shape of parsed JSON and returns it typed, or throws
 * ProfileFormatError. Reads versions 1, 2 and 3; version 1 is checked and
 * upgraded by upgrade.ts, the one place that knows it. Versions 2 and 3 are
 * checked by the validator compiled from their schema; version 2 is version 3
 * without async contexts and is returned as it is.
 */
export function validateProfile(data: unknown, source: string): Profile {
  if (!isObject(data)) throw new ProfileFormatError(`${source} is not a tsprof profile (not a JSON object)`);
  const version = data.version;
  // A tsprof profile of any version has a numbered version and the command it profiled; other JSON (package.json) is not one.
  if (typeof version !== 'number' || !Array.isArray(data.command)) throw new ProfileFormatError(`${source} is not a tsprof profile (no numbered "version" and "command")`);
  if (!(READABLE_VERSIONS as readonly unknown[]).includes(version)) {
    throw new ProfileFormatError(`${source} has profile version ${JSON.stringify(version)}; this tsprof reads versions ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS[READABLE_VERSIONS.length - 1]}`);
  }
  const problem = version === 1 ? version1Problem(data) : contextsProblem(data);
  if (problem) throw new ProfileFormatError(`${source} is not a valid tsprof profile: ${problem}`);
  const profile = { ...fieldsOfOlderProfiles(), ...data };
  return version === 1 ? upgradeVersion1(profile as unknown as ProfileV1) : (profile as unknown as Profile);
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
