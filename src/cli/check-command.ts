import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readBudgets } from '../compare/budgets';
import { checkBudgets, formatCheckMarkdown, formatCheckText } from '../compare/check';
import { runTable, type RunTable } from '../compare/runs';
import { DEFAULT_VERDICT_SETTINGS, type VerdictSettings } from '../compare/verdict';
import { readProfile } from '../profile/read';
import { UserError } from './errors';

/** `tsprof check <profile.json>… --budgets <file> [--baseline <base.json>…]`. */
export interface CheckCommandOptions {
  profiles: string[];
  /** The budget file; undefined = package.json's "tsprof": { "budgets" } in the current directory. */
  budgets?: string;
  baseline: string[];
  format: 'text' | 'markdown';
  settings: VerdictSettings;
  /** Take out each run's machine-wide speed before judging increases (compare/speed.ts). */
  normalize: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildCheckCommand(): Command {
  const command = new Command('check')
    .description('check a profile (or several runs) against call and time budgets; exit 1 when one is exceeded')
    .usage('<profile.json>... --budgets <file> [--baseline <base.json>]... [--format text|markdown]')
    .argument('<profiles...>', 'the profile to check, or several runs of it')
    .option('--budgets <file>', 'budget file { "budgets": [...] }; default: "tsprof": { "budgets" } in ./package.json')
    .addOption(new Option('--baseline <base.json>', 'profile(s) to compare with, for maxIncrease (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--format <format>', 'text: one line per violation; markdown: a table for a job summary').choices(['text', 'markdown']).default('text'))
    .option('--normalize', "for maxIncrease: divide each run's times by its run-wide speed (the median over functions of its time relative to the other runs) before judging: for runs taken at different times or on different machines")
    .action(async (profiles: string[], flags: { budgets?: string; baseline: string[]; format: 'text' | 'markdown'; normalize?: boolean }) => {
      await checkProfiles({ profiles, budgets: flags.budgets, baseline: flags.baseline, format: flags.format, settings: DEFAULT_VERDICT_SETTINGS, normalize: flags.normalize === true });
    });
  return command;
}

export async function checkProfiles(options: CheckCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const budgetFile = options.budgets ?? 'package.json';
  if (!options.budgets && !existsSync(resolve(cwd, budgetFile))) {
    throw new UserError('no budgets: give --budgets <file>, or add "tsprof": { "budgets": [...] } to package.json');
  }
  const budgets = readBudgets(resolve(cwd, budgetFile), budgetFile);
  const needsBaseline = budgets.find((budget) => budget.maxIncrease !== undefined);
  if (needsBaseline && options.baseline.length === 0) {
    throw new UserError(`${budgetFile}: budgets[${needsBaseline.index}] (${needsBaseline.function.source}) has maxIncrease, which needs --baseline <base.json>`);
  }
  const tables = (files: string[]): RunTable[] => files.map((file) => runTable(readProfile(resolve(cwd, file)), file));
  const outcomes = checkBudgets(budgets, {
    head: tables(options.profiles),
    baseline: options.baseline.length > 0 ? tables(options.baseline) : undefined,
    settings: options.settings,
    normalize: options.normalize,
    cwd,
  });
  process.stdout.write(options.format === 'markdown' ? formatCheckMarkdown(outcomes) : formatCheckText(outcomes));
  // A violation is a result, not an error: the report went to stdout, and the exit code says it.
  if (outcomes.some((outcome) => !outcome.passed)) process.exitCode = 1;
}
