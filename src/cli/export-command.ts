import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { COLLAPSED_VALUES, EXPORT_FORMAT_NAMES, EXPORT_FORMATS, exportProfile, isExportFormat, type ExportFormatName, type ExportOptions } from '../export';
import { checkWritableFile, writeFileAtomic } from '../file-system';
import { readProfile } from '../profile/read';
import type { AnyProfile, Profile } from '../profile/types';
import { upgradeProfile } from '../profile/upgrade';
import { displayPath } from './paths';

/** One `--export <format>:<file>` of `tsprof run`, or the `--format` and `-o` of `tsprof export`. */
export interface ExportTarget {
  format: ExportFormatName;
  file: string;
}

/** `tsprof export <profile.json> --format <f> -o <file> [--value …]`. */
export interface ExportCommandOptions {
  profile: string;
  target: ExportTarget;
  options: ExportOptions;
}

function say(message: string): void {
  process.stderr.write(`tsprof: ${message}\n`);
}

/** `pprof:out/profile.pb.gz` → { format, file }; commander turns the error into one line. */
export function parseExportTarget(value: string, previous: ExportTarget[]): ExportTarget[] {
  const colon = value.indexOf(':');
  const format = colon > 0 ? value.slice(0, colon) : value;
  const file = colon > 0 ? value.slice(colon + 1) : '';
  if (!isExportFormat(format)) throw new InvalidArgumentError(`unknown export format "${format}"; expected <format>:<file> with format one of ${EXPORT_FORMAT_NAMES.join(', ')}`);
  if (file === '') throw new InvalidArgumentError(`expected ${format}:<file>, e.g. ${format}:${EXPORT_FORMATS[format].defaultFile}`);
  return [...previous, { format, file }];
}

export function buildExportCommand(): Command {
  return new Command('export')
    .description('write a saved profile in a format other tools read: pprof, callgrind, speedscope, collapsed (folded stacks)')
    .usage('<profile.json> --format pprof|callgrind|speedscope|collapsed [-o file] [--value self|total|await|calls]')
    .argument('<profile.json>', 'a profile written by tsprof run or tsprof merge')
    .addOption(new Option('--format <format>', EXPORT_FORMAT_NAMES.map((name) => `${name}: ${EXPORT_FORMATS[name].description}`).join('; ')).choices(EXPORT_FORMAT_NAMES).makeOptionMandatory())
    .option('-o, --output <file>', `the file to write (default ${EXPORT_FORMAT_NAMES.map((name) => EXPORT_FORMATS[name].defaultFile).join(', ')})`)
    .addOption(new Option('--value <measure>', 'collapsed: what each stack counts (total = self + await, in ns)').choices(COLLAPSED_VALUES).default('self'))
    .action(async (profile: string, flags: { format: ExportFormatName; output?: string; value: ExportOptions['value'] }) => {
      await exportSavedProfile({ profile, target: { format: flags.format, file: flags.output ?? EXPORT_FORMATS[flags.format].defaultFile }, options: { value: flags.value } });
    });
}

export async function exportSavedProfile(command: ExportCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const file = resolve(cwd, command.target.file);
  const profile = readProfile(resolve(cwd, command.profile));
  checkWritableFile(file, `${command.target.format} export`);
  writeExport(asVersion2(profile, command.profile), { ...command.target, file }, command.options);
  say(`wrote ${displayPath(file, cwd)} (${command.target.format})`);
}

/** Writes one export whole or not at all. */
export function writeExport(profile: Profile, target: ExportTarget, options: ExportOptions): void {
  writeFileAtomic(target.file, exportProfile(profile, target.format, options), { makeDirectories: true });
}

/** Version 2 of any readable profile; says what an upgrade of version 1 could not keep. */
export function asVersion2(profile: AnyProfile, source: string): Profile {
  const { profile: upgraded, lostEdges } = upgradeProfile(profile);
  if (profile.version === 1) {
    const lost = lostEdges > 0 ? `; its ${lostEdges} caller → callee pairs have no path and were left out, so each function hangs off (root)` : '';
    say(`${source} is a version 1 profile without calling contexts${lost}`);
  }
  return upgraded;
}
