import { relativeChange } from '../profile/measures';
import { counted, formatDuration, formatLocation } from '../render/format';
import { markdownTable } from '../render/table';
import { LIMITS, type Budget, type LimitKey } from './budgets';
import { formatChange, formatVerdict } from './verdict-format';
import { alignWithHead, callsOfMatching, type Measure, type Measures, type RunTable } from './runs';
import { speedFactors } from './speed';
import { median } from './statistics';
import { settleVerdicts, unjudgedReason, weighTime, type TimeVerdict, type VerdictSettings } from './verdict';

/** One function measured against one limit of one budget. */
export interface BudgetOutcome {
  budget: Budget;
  /** `maxCalls 1`, `maxIncrease 15% of selfMs`. */
  limit: string;
  /** The function, or '' when the budget could not be applied at all. */
  functionName: string;
  location: string;
  /** `2 calls per call of ^publish$`, `+31.0% [+20.1%, +43.0%] p=0.0004`. */
  value: string;
  passed: boolean;
  /** Why it passed or failed, in a few words, when the value alone does not say. */
  note?: string;
  /** maxIncrease on a function the baseline does not have: said on every output, failed or not. */
  noBaseline?: true;
  /** A judged time increase: how many tests its p-value was Holm-corrected over in this check. */
  correctedOver?: number;
}

export interface CheckInput {
  head: RunTable[];
  baseline?: RunTable[];
  settings: VerdictSettings;
  /** Divide times by each run's speed factor before judging increases (speed.ts). */
  normalize?: boolean;
  cwd: string;
}

const UNIT: Record<Measure, string> = { calls: 'calls', selfMs: 'self time', totalMs: 'total time', awaitMs: 'await time' };

function describeBudget(budget: Budget): string {
  return `budgets[${budget.index}] /${budget.function.source}/${budget.per ? ` per /${budget.per.source}/` : ''}`;
}

function formatMeasure(measure: Measure, value: number): string {
  return measure === 'calls' ? counted(value, 'call') : `${formatDuration(value)} ${UNIT[measure]}`;
}

function samplesOf(runs: RunTable[], key: string): Measures[] {
  return runs.map((run) => run.functions.get(key)?.measures ?? { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 });
}

/** The calls of the `per` functions in each run, or why the budget cannot use them. */
function perCalls(runs: RunTable[], budget: Budget): number[] | string {
  if (!budget.per) return runs.map(() => 1);
  const calls = runs.map((run) => callsOfMatching(run, budget.per!));
  const empty = calls.findIndex((count) => count === 0);
  return empty >= 0 ? `per /${budget.per.source}/ matches no function called in ${runs[empty].source}` : calls;
}

/**
 * Checks every budget against the head's runs (and the baseline's for
 * maxIncrease). Absolute limits use the median over runs. Increases in calls
 * are exact; increases in time use the noise-aware verdict (verdict.ts) when
 * both sides have several runs, and compare the single runs as measured otherwise.
 */
export function checkBudgets(budgets: Budget[], input: CheckInput): BudgetOutcome[] {
  const outcomes: BudgetOutcome[] = [];
  const timeTests: { outcome: BudgetOutcome; weighed: ReturnType<typeof weighTime>; limit: number; increase: number; tooFewRuns: boolean }[] = [];
  const baseline = input.baseline && alignWithHead(input.baseline, input.head);
  const speed = baseline && input.normalize ? speedFactors(baseline, input.head, input.settings.minMs) : undefined;
  for (const budget of budgets) {
    const limits = [
      ...(Object.keys(LIMITS) as LimitKey[]).filter((key) => budget[key] !== undefined).map((key) => `${key} ${budget[key]}`),
      ...(budget.maxIncrease !== undefined ? [increaseLimit(budget.maxIncrease, budget.measure!)] : []),
    ].join(', ');
    const fail = (value: string): void => {
      outcomes.push({ budget, limit: limits, functionName: '', location: '', value, passed: false });
    };
    const keys = [...new Set(input.head.flatMap((run) => [...run.functions].filter(([, fn]) => budget.function.test(fn.place.name)).map(([key]) => key)))];
    if (keys.length === 0) {
      fail(`no function matches in ${input.head.map((run) => run.source).join(', ')}; a renamed function would otherwise pass unnoticed`);
      continue;
    }
    const headPer = perCalls(input.head, budget);
    if (typeof headPer === 'string') {
      fail(headPer);
      continue;
    }
    const perText = budget.per ? ` per call of /${budget.per.source}/` : '';
    for (const key of keys) {
      const place = input.head.find((run) => run.functions.has(key))!.functions.get(key)!.place;
      const base = { budget, functionName: place.name, location: formatLocation(place.file, place.line, input.cwd) };
      const samples = samplesOf(input.head, key);
      for (const limitKey of Object.keys(LIMITS) as LimitKey[]) {
        const limit = budget[limitKey];
        if (limit === undefined) continue;
        const measure = LIMITS[limitKey];
        const value = median(samples.map((sample, index) => sample[measure] / headPer[index]));
        outcomes.push({ ...base, limit: `${limitKey} ${limit}`, value: `${formatMeasure(measure, value)}${perText}`, passed: value <= limit });
      }
      if (budget.maxIncrease === undefined || !baseline) continue;
      const measure = budget.measure!;
      const limit = increaseLimit(budget.maxIncrease, measure);
      if (!baseline.some((run) => run.functions.has(key))) {
        const note = budget.allowNew ? 'nothing to compare with; passes by "allowNew"' : 'nothing to compare with; "allowNew": true lets a new function pass';
        outcomes.push({ ...base, limit, value: 'not in the baseline (new, or renamed)', passed: budget.allowNew === true, note, noBaseline: true });
        continue;
      }
      const baselinePer = perCalls(baseline, budget);
      if (typeof baselinePer === 'string') {
        outcomes.push({ ...base, limit, value: baselinePer, passed: false });
        continue;
      }
      const before = samplesOf(baseline, key).map((sample, index) => sample[measure] / baselinePer[index]);
      const after = samples.map((sample, index) => sample[measure] / headPer[index]);
      const beforeValue = median(before);
      const afterValue = median(after);
      const increase = relativeChange(beforeValue, afterValue);
      const value = `${formatMeasure(measure, beforeValue)} -> ${formatMeasure(measure, afterValue)}${perText} (${formatChange(increase)})`;
      if (measure === 'calls') {
        outcomes.push({ ...base, limit, value, passed: increase <= budget.maxIncrease });
        continue;
      }
      const weighed = weighTime(
        before.map((ms, index) => ms / (speed?.base[index] ?? 1)),
        after.map((ms, index) => ms / (speed?.head[index] ?? 1)),
        input.settings,
      );
      const outcome: BudgetOutcome = { ...base, limit, value, passed: true };
      outcomes.push(outcome);
      timeTests.push({ outcome, weighed, limit: budget.maxIncrease, increase, tooFewRuns: unjudgedReason(before.length, after.length, input.settings) !== undefined });
    }
  }
  // Time increases are judged together, so that checking many functions does not multiply false alarms.
  const verdicts = settleVerdicts(timeTests.map((test) => test.weighed), input.settings);
  timeTests.forEach((test, index) => settleTimeIncrease(test.outcome, verdicts[index], test.limit, test.tooFewRuns ? test.increase : undefined));
  return outcomes;
}

/** `measuredIncrease` is given when there were too few runs to judge: the measured change is then all there is. */
function settleTimeIncrease(outcome: BudgetOutcome, verdict: TimeVerdict, limit: number, measuredIncrease: number | undefined): void {
  if (verdict.verdict === 'not judged') {
    outcome.passed = measuredIncrease === undefined || measuredIncrease <= limit;
    outcome.note = measuredIncrease === undefined ? `not judged (${verdict.reason})` : `as measured, not judged for noise (${verdict.reason})`;
    return;
  }
  outcome.passed = !(verdict.verdict === 'slower' && verdict.change > limit);
  outcome.note = formatVerdict(verdict);
  outcome.correctedOver = verdict.correctedOver;
}

/** One line per violation, and one summary line. */
export function formatCheckText(outcomes: BudgetOutcome[]): string {
  const failed = outcomes.filter((outcome) => !outcome.passed);
  const budgets = new Set(outcomes.map((outcome) => outcome.budget.index));
  const failedBudgets = new Set(failed.map((outcome) => outcome.budget.index));
  const lines = outcomes
    .filter((outcome) => !outcome.passed || outcome.noBaseline)
    .map((outcome) => {
      const subject = outcome.functionName === '' ? '' : `${outcome.functionName}${outcome.location ? ` (${outcome.location})` : ''}: `;
      return `${outcome.passed ? 'pass' : 'FAIL'} ${describeBudget(outcome.budget)} ${outcome.limit}: ${subject}${outcome.value}${outcome.note ? `; ${outcome.note}` : ''}`;
    });
  lines.push(...correctionLine(outcomes.filter((outcome) => !outcome.passed)));
  lines.push(
    failed.length === 0
      ? `ok: ${counted(budgets.size, 'budget')} met (${counted(outcomes.length, 'check')})`
      : `${failedBudgets.size} of ${counted(budgets.size, 'budget')} exceeded (${failed.length} of ${counted(outcomes.length, 'check')} failed)`,
  );
  return `${lines.join('\n')}\n`;
}

/** Says which p-values are corrected and over what: diff corrects over its own tests, so the same data reads another p there. */
function correctionLine(outcomes: BudgetOutcome[]): string[] {
  const judged = outcomes.find((outcome) => outcome.correctedOver !== undefined);
  return judged ? [`(p: t-test on log times, Holm-corrected over this check's ${counted(judged.correctedOver!, 'time test')}; diff corrects over its own)`] : [];
}

/** Every check as a table, failures first, for a job summary. */
export function formatCheckMarkdown(outcomes: BudgetOutcome[]): string {
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const ordered = [...outcomes.filter((outcome) => !outcome.passed), ...outcomes.filter((outcome) => outcome.passed)];
  const table = {
    columns: ['result', 'budget', 'limit', 'function', 'value', 'note'],
    numeric: new Set<string>(),
    rows: ordered.map((outcome) => [outcome.passed ? 'pass' : 'FAIL', describeBudget(outcome.budget), outcome.limit, outcome.functionName, outcome.value, outcome.note ?? '']),
  };
  // Only numbers go into the heading, so it needs no escaping.
  const heading = failed === 0 ? `### tsprof budgets: all ${outcomes.length} checks pass` : `### tsprof budgets: ${failed} of ${outcomes.length} checks fail`;
  return `${[heading, '', ...markdownTable(table), ...correctionLine(outcomes).map((line) => `\n${line}`)].join('\n')}\n`;
}

/** `maxIncrease 15.0% of selfMs`, `maxIncrease 0.0% of calls`. */
function increaseLimit(maxIncrease: number, measure: string): string {
  return `maxIncrease ${formatChange(maxIncrease).replace(/^\+/, '')} of ${measure}`;
}
