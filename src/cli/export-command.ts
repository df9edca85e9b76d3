import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { COLLAPSED_VALUES, type ExportOptions } from '../export';
import { say } from '../messages';
import { checkTarget, EXPORT_FORMAT_NAMES, OUTPUT_FORMATS, writeTarget, type OutputTarget } from './outputs';
import { displayPath } from './paths';
import { readSavedProfile, sayWhatVersion1Lacks, viewProfile } from './view';
import { viewOptionsFrom } from './view-options';

/** `tsprof export <profile.json> --format <f> -o <file> [--value …]`. */
export interface ExportCommandOptions {
  profile: string;
  target: OutputTarget;
  options: ExportOptions;
  /** false (`--no-async-parents`): stacks of continuations start at the root, not at the call that scheduled them. */
  asyncParents?: boolean;
}

export function buildExportCommand(): Command {
  return new Command('export')
    .description('write a saved profile in a format other tools read: pprof, callgrind, speedscope, collapsed (folded stacks)')
    .usage('<profile.json> --format pprof|callgrind|speedscope|collapsed [-o file] [--value self|total|await|calls]')
    .argument('<profile.json>', 'a profile written by tsprof run or tsprof merge')
    .addOption(new Option('--format <format>', EXPORT_FORMAT_NAMES.map((name) => `${name}: ${OUTPUT_FORMATS[name].description}`).join('; ')).choices(EXPORT_FORMAT_NAMES).makeOptionMandatory())
    .option('-o, --output <file>', `the file to write (default ${EXPORT_FORMAT_NAMES.map((name) => OUTPUT_FORMATS[name].defaultFile).join(', ')})`)
    .addOption(new Option('--value <measure>', 'collapsed: what each stack counts (total = self + await, in ns)').choices(COLLAPSED_VALUES).default('self'))
    .addOption(new Option('--no-async-parents', 'start the stacks of callbacks (.then, timers, nextTick) at (root), not at the call that scheduled them'))
    .action(async (profile: string, flags: { format: OutputTarget['format']; output?: string; value: ExportOptions['value']; asyncParents: boolean }) => {
      await exportSavedProfile({ profile, target: { format: flags.format, file: flags.output ?? OUTPUT_FORMATS[flags.format].defaultFile }, options: { value: flags.value }, asyncParents: flags.asyncParents });
    });
}

export async function exportSavedProfile(command: ExportCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const target = { ...command.target, file: resolve(cwd, command.target.file) };
  const profile = readSavedProfile(resolve(cwd, command.profile), command.profile);
  checkTarget(target);
  sayWhatVersion1Lacks(profile, command.profile);
  await writeTarget(viewProfile(profile, viewOptionsFrom({ asyncParents: command.asyncParents }), command.profile), target, { cwd, exports: command.options });
  say(`wrote ${displayPath(target.file, cwd)} (${target.format})`);
}
