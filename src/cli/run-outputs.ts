// `tsprof run` after the command has ended: the parts its processes wrote,
// merged, and everything written from them through the output table, as
// `render`, `report` and `export` write from the saved profile. run.ts loads
// this module while the command runs.
import { DEFAULT_EXPORT_OPTIONS } from '../export';
import { mergeProfiles } from '../profile/merge';
import { readParts } from '../profile/read';
import { isProgramFunction } from '../profile/identity';
import type { Profile } from '../profile/types';
import { writeProfileFlushingAside } from '../profile/write';
import { counted } from '../render/format';
import type { RunOptions } from './run-options';
import { pictureTarget, writeTarget, type OutputTarget } from './outputs';
import { displayPath } from './paths';
import { reportText, viewProfile } from './view';

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
  exports: OutputTarget[];
}

/**
 * The profile, the picture, the exports and the report, and one line saying what was written.
 */
export async function writeOutputs(profile: Profile, options: RunOptions, { profileFile, output, exports }: RunOutputs, cwd: string, say: (message: string) => void): Promise<void> {
  if (profile.foldedCalls > 0) {
    say(`${profile.foldedCalls} calls took paths beyond --max-contexts ${options.maxContexts} and were counted directly under (root); raise --max-contexts to keep their paths`);
  }
  if (options.flows && (profile.flows ?? []).length === 0) {
    say('--flows: no profiled process published or handled a message through a client tsprof follows (amqplib, nats, mqtt, ioredis streams, bullmq; see docs/flows.md)');
  }
  // Written now, in place once the disk has it: the picture is drawn meanwhile. Its failure is kept
  // as a value until then, so that it is never a rejection nobody handles yet.
  const profileFailure = writeProfileFlushingAside(profileFile, profile).then(
    () => null,
    (error: unknown) => error,
  );
  try {
    // The command has run: a pattern that matches nothing is a warning here, and the exit code stays the command's.
    const view = viewProfile(profile, options.view, displayPath(profileFile, cwd), say);
    const targets = [...(output ? [pictureTarget(output)] : []), ...exports];
    for (const target of targets) await writeTarget(view, target, { cwd, exports: DEFAULT_EXPORT_OPTIONS });
    if (options.report && output) process.stdout.write(reportText(view, options.report, cwd));
  } catch (error) {
    // What went wrong drawing is what is said; the profile is still put in place (or its temp file removed).
    await profileFailure;
    throw error;
  }
  const failure = await profileFailure;
  if (failure) throw failure;
  const program = new Set(profile.functions.filter(isProgramFunction).map((fn) => fn.id));
  const calls = profile.contexts.reduce((sum, context) => sum + (program.has(context.function) ? context.calls : 0), 0);
  const written = [...(output ? [output] : []), profileFile, ...exports.map((target) => target.file)].map((file) => displayPath(file, cwd));
  const files = written.length === 1 ? written[0] : `${written.slice(0, -1).join(', ')} and ${written[written.length - 1]}`;
  say(`${counted(program.size, 'function')} called ${counted(calls, 'time')} in ${counted(profile.files.length, 'file')}; wrote ${files}`);
}
