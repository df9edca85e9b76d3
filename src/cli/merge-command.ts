import { Command } from 'commander';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../profile/atomic-write';
import { processKey } from '../profile/identity';
import { mergeProfiles } from '../profile/merge';
import { readProfile } from '../profile/read';
import type { Profile } from '../profile/types';
import { UserError } from './errors';
import { asVersion2 } from './export-command';
import { ensureWritable } from './paths';
import { displayPath } from './view';

/** `tsprof merge <a.json> <b.json>… -o merged.json`. */
export interface MergeCommandOptions {
  profiles: string[];
  output: string;
}

function say(message: string): void {
  process.stderr.write(`tsprof: ${message}\n`);
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
  const read = options.profiles.map((source) => ({ source, profile: readProfile(resolve(cwd, source)) }));
  const output = resolve(cwd, options.output);
  ensureWritable(output, 'merged profile');
  const inputs = read.map(({ source, profile }) => ({ source, profile: asVersion2(profile, source) }));
  warnAboutSharedProcesses(inputs);
  const commands = new Map(inputs.map(({ profile }) => [JSON.stringify(profile.command), profile.command]));
  const command = commands.size === 1 ? inputs[0].profile.command : ['tsprof', 'merge', ...options.profiles];
  if (commands.size > 1) {
    say(`merging profiles of ${commands.size} different commands: ${inputs.map(({ source, profile }) => `${profile.command.join(' ')} (${source})`).join('; ')}`);
  }
  const startedAt = inputs.map(({ profile }) => profile.startedAt).filter((date) => date !== '').sort()[0] ?? '';
  const wallMs = inputs.reduce((sum, { profile }) => sum + profile.wallMs, 0);
  const merged = mergeProfiles(inputs.map(({ profile }) => profile), command, startedAt, wallMs);
  try {
    writeFileAtomic(output, `${JSON.stringify(merged, null, 1)}\n`);
  } catch (error) {
    throw new UserError(`cannot write merged profile ${output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another path`);
  }
  const hosts = new Set(merged.processes.map((process) => process.host ?? '?'));
  say(`merged ${inputs.length} profiles (${merged.processes.length} processes on ${hosts.size} host${hosts.size === 1 ? '' : 's'}); wrote ${displayPath(output, cwd)}`);
}

/** Two inputs naming the same process (the same file twice, or old profiles without hosts) would be drawn as one. */
function warnAboutSharedProcesses(inputs: { source: string; profile: Profile }[]): void {
  const seen = new Map<string, string>();
  for (const { source, profile } of inputs) {
    for (const key of new Set(profile.processes.map(processKey))) {
      const earlier = seen.get(key);
      if (earlier !== undefined) say(`${earlier} and ${source} both name process ${key}; --group process and host draw them as one`);
      else seen.set(key, source);
    }
  }
}
