import { writeFileAtomic, writeFileAtomicFlushingAside } from '../file-system';
import type { Profile } from './types';

/**
 * The profile as text: the run's facts indented, then one line per function
 * and per context, so that a profile of tens of thousands of contexts stays
 * readable in an editor and diffs line by line, without the size of one
 * indented field per line.
 */
export function serializeProfile(profile: Profile): string {
  const { functions, contexts, ...facts } = profile;
  const head = JSON.stringify(facts, null, 1).slice(0, -2);
  const rows = (items: object[]): string => items.map((item) => `  ${JSON.stringify(item)}`).join(',\n');
  return `${head},\n "functions": [\n${rows(functions)}\n ],\n "contexts": [\n${rows(contexts)}\n ]\n}\n`;
}

/** Writes the merged profile so that readers see the old file or the whole new one. */
export function writeProfile(file: string, profile: Profile): void {
  writeFileAtomic(file, serializeProfile(profile), { makeDirectories: true });
}

/** writeProfile, with the wait for the disk's flush aside (writeFileAtomicFlushingAside): written when the promise settles. */
export function writeProfileFlushingAside(file: string, profile: Profile): Promise<void> {
  return writeFileAtomicFlushingAside(file, serializeProfile(profile), { makeDirectories: true });
}

/** Writes one process's part; parts are read by tsprof only, as soon as the run ends, so they are compact and not flushed to disk. */
export function writePart(file: string, profile: Profile): void {
  writeFileAtomic(file, JSON.stringify(profile), { durable: false });
}
