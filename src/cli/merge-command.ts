import { Command } from 'commander';
import { resolve } from 'node:path';
import { checkWritableFile } from '../file-system';
import { processKey } from '../profile/identity';
import { mergeProfiles } from '../profile/merge';
import { writeProfile } from '../profile/write';
import type { Profile } from '../profile/types';
import { say } from '../messages';
import { readSavedProfile, sayWhatVersion1Lacks } from './view';
import { displayPath } from './paths';
import { counted } from '../render/format';

/** `tsprof merge <a.json> <b.json>… -o merged.json`. */
export interface MergeCommandOptions {
  profiles: string[];
  output: string;
}

export function buildMergeCommand(): Command {
  return new Command('merge')
    .description('merge profiles from several runs, hosts or pods into one, by function and calling context; each keeps its processes and host')
    .usage('<a.json> <b.json>... [-o merged.json]')
    .argument('<profiles...>', 'profiles written by tsprof run (version 1 is upgraded)')
    .option('-o, --output <file>', 'the merged profile', 'out/merged.json')
    .action(async (profiles: string[], flags: { output: string }) => {
      await mergeSavedProfiles({ profiles, output: flags.output });
    });
}

/**
 * The same merge as the parts of one run (profile/merge.ts): functions by
 * identity, contexts by path, numbers added. Wall times add up too, so
 * shares stay those of one run when several equal runs are merged.
 */
export async function mergeSavedProfiles(options: MergeCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const inputs = options.profiles.map((source) => ({ source, profile: readSavedProfile(resolve(cwd, source), source) }));
  const output = resolve(cwd, options.output);
  checkWritableFile(output, 'merged profile');
  for (const { source, profile } of inputs) sayWhatVersion1Lacks(profile, source);
  warnAboutSharedProcesses(inputs);
  const commands = new Map(inputs.map(({ profile }) => [JSON.stringify(profile.command), profile.command]));
  const command = commands.size === 1 ? inputs[0].profile.command : ['tsprof', 'merge', ...options.profiles];
  if (commands.size > 1) {
    say(`merging profiles of ${commands.size} different commands: ${inputs.map(({ source, profile }) => `${profile.command.join(' ')} (${source})`).join('; ')}`);
  }
  const startedAt = inputs.map(({ profile }) => profile.startedAt).filter((date) => date !== '').sort()[0] ?? '';
  const wallMs = inputs.reduce((sum, { profile }) => sum + profile.wallMs, 0);
  const merged = withSummedInstrumentedWall(mergeProfiles(inputs.map(({ profile }) => profile), command, startedAt, wallMs), inputs.map(({ profile }) => profile));
  writeProfile(output, merged);
  const hosts = new Set(merged.processes.map((process) => process.host ?? '?'));
  say(`merged ${counted(inputs.length, 'profile')} (${counted(merged.processes.length, 'process', 'processes')} on ${counted(hosts.size, 'host')}); wrote ${displayPath(output, cwd)}`);
}

/**
 * Shares are of the instrumented wall time. mergeProfiles takes it as the span
 * from the first process's start to the last one's end, right for the
 * processes of one run; runs merged here happened at other times or on other
 * clocks, so their instrumented wall times add up instead, like their wall times.
 */
export function withSummedInstrumentedWall(merged: Profile, inputs: Profile[]): Profile {
  const { instrumentedWallMs: _span, ...rest } = merged;
  if (inputs.some((profile) => profile.instrumentedWallMs === undefined)) return rest;
  return { ...rest, instrumentedWallMs: inputs.reduce((sum, profile) => sum + (profile.instrumentedWallMs as number), 0) };
}

/** Two inputs naming the same process (the same file twice, or old profiles without hosts) would be drawn as one: say so, once. */
function warnAboutSharedProcesses(inputs: { source: string; profile: Profile }[]): void {
  const sources = new Map<string, string[]>();
  for (const { source, profile } of inputs) {
    for (const key of new Set(profile.processes.map(processKey))) sources.set(key, [...(sources.get(key) ?? []), source]);
  }
  const shared = [...sources].filter(([, named]) => named.length > 1);
  if (shared.length === 0) return;
  const files = [...new Set(shared.flatMap(([, named]) => named))];
  const keys = shared.map(([key]) => key);
  const listed = keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', ');
  const where = files.length === 1 ? `${files[0]}, given more than once` : files.join(', ');
  say(`${keys.length === 1 ? 'process' : 'processes'} ${listed} ${keys.length === 1 ? 'appears' : 'appear'} in more than one input (${where}); --group process and --group host draw each as one`);
}
