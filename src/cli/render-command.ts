import { Command } from 'commander';
import { resolve } from 'node:path';
import { countProgramFunctions } from '../graph/types';
import { say } from '../messages';
import { counted } from '../render/format';
import { checkTarget, pictureTarget, prepareTargets, writeTarget } from './outputs';
import { displayPath } from './paths';
import { DEFAULT_PICTURE } from './picture-formats';
import { readSavedProfile, reportText, viewProfile } from './view';
import { addReportOptions, addSelectionOptions, addViewOptions, reportChoiceFrom, viewOptionsFrom, type ReportChoice, type ViewFlags, type ViewOptions } from './view-options';
import { DEFAULT_EXPORT_OPTIONS } from '../export';

/** `tsprof render <profile.json> -o calls.svg [options]`: draw a saved profile again, without running anything. */
export interface RenderCommandOptions {
  profile: string;
  output: string;
  view: ViewOptions;
}

/** `tsprof report <profile.json> [--top N] [--sort …] [--format …]`: the top-N table and the hot path. */
export interface ReportCommandOptions {
  profile: string;
  view: ViewOptions;
  report: ReportChoice;
}

export function buildRenderCommand(): Command {
  const command = new Command('render')
    .description('draw a saved profile again, with other pruning, focus or grouping, without re-running the command')
    .usage('<profile.json> [-o calls.png] [options]')
    .argument('<profile.json>', 'a profile written by tsprof run')
    .option('-o, --output <file>', 'the picture: .png, .svg, .dot, or .html for an interactive page', DEFAULT_PICTURE);
  addViewOptions(command).action(async (profile: string, flags: ViewFlags & { output: string }) => {
    await renderSavedProfile({ profile, output: flags.output, view: viewOptionsFrom(flags) });
  });
  return command;
}

export function buildReportCommand(): Command {
  const command = new Command('report')
    .description('print the top functions and the hot path of a saved profile, for CI logs and job summaries')
    .usage('<profile.json> [--top N] [--sort self|total|await|calls|p99] [--tree] [--format text|markdown|json] [options]')
    .argument('<profile.json>', 'a profile written by tsprof run');
  addReportOptions(addSelectionOptions(command), true).action(async (profile: string, flags: Parameters<typeof reportChoiceFrom>[0] & ViewFlags) => {
    await reportSavedProfile({ profile, view: viewOptionsFrom(flags), report: reportChoiceFrom(flags) });
  });
  return command;
}

export async function renderSavedProfile(options: RenderCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const target = pictureTarget(resolve(cwd, options.output));
  checkTarget(target);
  // Graphviz starts in its worker thread while this one reads the profile and writes the DOT.
  prepareTargets([target]);
  const view = viewProfile(readSavedProfile(resolve(cwd, options.profile), options.profile), options.view, options.profile);
  await writeTarget(view, target, { cwd, exports: DEFAULT_EXPORT_OPTIONS });
  say(`drew ${countProgramFunctions(view.picture().nodes)} of ${counted(view.graph().profiledFunctions, 'function')}; wrote ${displayPath(target.file, cwd)}`);
}

export async function reportSavedProfile(options: ReportCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const view = viewProfile(readSavedProfile(resolve(cwd, options.profile), options.profile), options.view, options.profile);
  process.stdout.write(reportText(view, options.report, cwd));
}
