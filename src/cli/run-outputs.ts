// `tsprof run` after the command has ended: the parts its processes wrote,
// merged, and everything written from them. run.ts loads this module while
// the command runs.
import { DEFAULT_EXPORT_OPTIONS } from '../export';
import { mergeProfiles } from '../profile/merge';
import { readParts } from '../profile/read';
import { INSTRUMENTING_NAME, type Profile } from '../profile/types';
import { writeProfile } from '../profile/write';
import { counted } from '../render/format';
import { writeExport, type ExportTarget } from './export-command';
import type { RunOptions } from './options';
import { displayPath } from './paths';
import { pictureGraph, reportGraph, reportText, writePicture } from './view';

export function mergedProfile(partsDirectory: string, command: string[], startedAt: string, wallMs: number, say: (message: string) => void): Profile {
  return mergeProfiles(readParts(partsDirectory, say), command, startedAt, wallMs);
}

/**
 * Where one run writes, resolved and checked before the command runs. The
 * second and later runs of `--repeat` write their profile only: no picture
 * (`output` undefined), no exports.
 */
export interface RunOutputs {
  profileFile: string;
  output?: string;
  exports: ExportTarget[];
}

/**
 * The profile, the picture, the exports and the report, and one line saying what was written.
 */
export async function writeOutputs(profile: Profile, options: RunOptions, { profileFile, output, exports }: RunOutputs, cwd: string, say: (message: string) => void): Promise<void> {
  if (profile.foldedCalls > 0) {
    say(`${profile.foldedCalls} calls took paths beyond --max-contexts ${options.maxContexts} and were counted directly under (root); raise --max-contexts to keep their paths`);
  }
  writeProfile(profileFile, profile);
  const profileName = displayPath(profileFile, cwd);
  // The command has run: a pattern that matches nothing is a warning here, and the exit code stays the command's.
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (!warned.has(message)) say(message);
    warned.add(message);
  };
  if (output) await writePicture(pictureGraph(profile, options.view, profileName, warnOnce), output, options.view, cwd);
  for (const target of exports) writeExport(profile, target, DEFAULT_EXPORT_OPTIONS);
  if (options.report && output) process.stdout.write(reportText(reportGraph(profile, options.view, profileName, warnOnce), options.report, cwd));
  // The program's functions and calls: not the root, nor tsprof's own (tsprof: instrumenting).
  const own = new Set(profile.functions.filter((fn) => fn.name === INSTRUMENTING_NAME).map((fn) => fn.id));
  const calls = profile.contexts.reduce((sum, context) => sum + (own.has(context.function) ? 0 : context.calls), 0);
  const written = [...(output ? [output] : []), profileFile, ...exports.map((target) => target.file)].map((file) => displayPath(file, cwd));
  const files = written.length === 1 ? written[0] : `${written.slice(0, -1).join(', ')} and ${written[written.length - 1]}`;
  say(`${counted(profile.functions.length - 1 - own.size, 'function')} called ${counted(calls, 'time')} in ${counted(profile.files.length, 'file')}; wrote ${files}`);
}
