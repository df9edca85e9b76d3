import { alignWithHead, callsOfMatching, namesMatching, p99Of, type Measures, type Place, type RunTable, type TimeMeasure } from './runs';
import { CompareInputError } from './errors';
import { speedFactors, type SpeedFactors } from './speed';
import { median } from './statistics';
import { settleVerdicts, weighTime, type TimeEvidence, type TimeVerdict, type VerdictSettings } from './verdict';

export { CompareInputError };

/** One side's numbers for a function or path: calls per run (divided by --per), times as medians over runs. */
export interface SideNumbers {
  calls: number;
  /** When runs of this side disagree on calls (I/O-driven counts): the smallest and largest; absent when all agree. */
  callsRange?: [number, number];
  selfMs: number;
  totalMs: number;
  awaitMs: number;
  /** The 99th percentile of its call durations: the median over the runs that recorded durations; absent when none did. */
  p99Ms?: number;
}

/**
 * How calls changed. Counts are exact, so any difference is a change —
 * unless the runs of one side already disagree among themselves (how often a
 * socket's 'data' handler runs depends on how the kernel splits the stream):
 * such counts change only when the two sides' ranges do not overlap.
 */
export type CallsChange = 'same' | 'more' | 'fewer' | 'new' | 'vanished' | 'varies';

export interface FunctionDiff {
  place: Place;
  base: SideNumbers | null;
  head: SideNumbers | null;
  calls: CallsChange;
  /** Self and total time verdicts, and p99's when both sides recorded durations; absent when the function is missing on a side. */
  time?: Record<'selfMs' | 'totalMs', TimeVerdict> & { p99Ms?: TimeVerdict };
}

export interface ContextDiff {
  path: Place[];
  base: SideNumbers | null;
  head: SideNumbers | null;
  calls: CallsChange;
}

export interface SideInfo {
  sources: string[];
  /** Calls of the --per functions in each run. */
  perCalls?: number[];
}

export interface ProfileDiff {
  base: SideInfo;
  head: SideInfo;
  /** The --per pattern, when counts are per call of the matching functions. */
  per?: string;
  settings: VerdictSettings;
  /** The run-wide speed factors that times were divided by before judging; only with --normalize. */
  speed?: SpeedFactors;
  functions: FunctionDiff[];
  contexts: ContextDiff[];
}

export interface DiffOptions {
  per?: RegExp;
  settings: VerdictSettings;
  /** Divide times by each run's speed factor before judging (speed.ts); off unless asked for. */
  normalize?: boolean;
}

type Side = 'base' | 'head';

function perCallsOf(runs: RunTable[], pattern: RegExp, side: Side): number[] {
  return runs.map((run) => {
    const calls = callsOfMatching(run, pattern);
    if (calls === 0) {
      const names = namesMatching(run, pattern);
      const what = names.length === 0 ? 'matches no function' : `matches ${names.join(', ')}, never called`;
      throw new CompareInputError(`--per ${pattern}: ${what} in ${side} ${run.source}; counts cannot be divided by it`);
    }
    return calls;
  });
}

/** Per-run measures of one key on one side; null when no run of the side has it. */
function samplesOf(runs: RunTable[], pick: (run: RunTable) => Measures | undefined, perCalls?: number[]): Measures[] | null {
  const found = runs.map(pick);
  if (found.every((measures) => measures === undefined)) return null;
  return found.map((measures, index) => {
    const numbers = measures ?? { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 };
    return perCalls ? { ...numbers, calls: numbers.calls / perCalls[index] } : numbers;
  });
}

/** Per-unit counts are fractions; two that differ only by rounding are equal. */
function sameCount(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** One side's count over its runs: the count when all runs agree, else the median and the range. */
export interface SideCount {
  calls: number;
  callsRange?: [number, number];
}

function countOf(calls: number[]): SideCount {
  const low = Math.min(...calls);
  const high = Math.max(...calls);
  return sameCount(low, high) ? { calls: calls[0] } : { calls: median(calls), callsRange: [low, high] };
}

function summarize(samples: Measures[]): SideNumbers {
  const { calls, callsRange } = countOf(samples.map((sample) => sample.calls));
  return {
    calls,
    ...(callsRange ? { callsRange } : {}),
    selfMs: median(samples.map((sample) => sample.selfMs)),
    totalMs: median(samples.map((sample) => sample.totalMs)),
    awaitMs: median(samples.map((sample) => sample.awaitMs)),
  };
}

/**
 * Any count over the runs of each side (null: in no run of that side; a run
 * without it counts 0), compared the way functions and paths are: for the
 * picture's arrows.
 */
export function compareCounts(base: number[] | null, head: number[] | null): { base: SideCount | null; head: SideCount | null; calls: CallsChange } {
  const baseCount = base && countOf(base);
  const headCount = head && countOf(head);
  return { base: baseCount, head: headCount, calls: callsChange(baseCount, headCount) };
}

function callsChange(base: SideCount | null, head: SideCount | null): CallsChange {
  // Missing on one side, but also missing from some runs of the other: it comes and goes.
  if (!base) return head?.callsRange && head.callsRange[0] === 0 ? 'varies' : 'new';
  if (!head) return base.callsRange && base.callsRange[0] === 0 ? 'varies' : 'vanished';
  const [baseLow, baseHigh] = base.callsRange ?? [base.calls, base.calls];
  const [headLow, headHigh] = head.callsRange ?? [head.calls, head.calls];
  if (!base.callsRange && !head.callsRange) return sameCount(base.calls, head.calls) ? 'same' : head.calls > base.calls ? 'more' : 'fewer';
  if (headLow > baseHigh && !sameCount(headLow, baseHigh)) return 'more';
  if (headHigh < baseLow && !sameCount(headHigh, baseLow)) return 'fewer';
  return 'varies';
}

type Weighed = TimeEvidence | { verdict: 'not judged'; reason: string };

/** Self (a function's own code) and total (with its callees), in that order. */
function weighTimes(base: Measures[], head: Measures[], settings: VerdictSettings, speed: SpeedFactors | undefined): Weighed[] {
  const weigh = (measure: TimeMeasure): Weighed =>
    weighTime(
      base.map((sample, index) => sample[measure] / (speed?.base[index] ?? 1)),
      head.map((sample, index) => sample[measure] / (speed?.head[index] ?? 1)),
      settings,
    );
  const self = weigh('selfMs');
  // A function that called nothing instrumented has total = self in every
  // run: the same test, shared, so that the correction counts it once.
  const leaf = [...base, ...head].every((sample) => sample.totalMs === sample.selfMs);
  return [self, leaf ? self : weigh('totalMs')];
}

function placeOrder(a: Place, b: Place): number {
  return a.name.localeCompare(b.name) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function pathOrder(a: Place[], b: Place[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const order = placeOrder(a[index], b[index]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Each run's p99 of one function, divided by the run's speed factor when given; runs that recorded no durations are left out. */
function p99sOf(runs: RunTable[], key: string, speed?: number[]): number[] {
  return runs.flatMap((run, index) => {
    const p99 = p99Of(run, key);
    return p99 === undefined ? [] : [p99 / (speed?.[index] ?? 1)];
  });
}

/**
 * Compares the runs of the base with the runs of the head: every function
 * and calling context of either side, with its calls (exact, or per call of
 * the --per functions) and times (medians over runs), and for functions
 * on both sides a verdict on self and total time (verdict.ts). Functions and
 * paths are matched as profile/identity.ts matches two versions of the code
 * (by name and file, in source order), never by id.
 */
export function diffRuns(baseRuns: RunTable[], head: RunTable[], options: DiffOptions): ProfileDiff {
  const base = alignWithHead(baseRuns, head);
  const basePer = options.per ? perCallsOf(base, options.per, 'base') : undefined;
  const headPer = options.per ? perCallsOf(head, options.per, 'head') : undefined;
  const speed = options.normalize ? speedFactors(base, head, options.settings.minMs) : undefined;
  /** One function's or context's samples on each side, their summaries and how the calls changed. */
  const bothSides = (pick: (run: RunTable) => Measures | undefined) => {
    const baseSamples = samplesOf(base, pick, basePer);
    const headSamples = samplesOf(head, pick, headPer);
    const baseNumbers = baseSamples && summarize(baseSamples);
    const headNumbers = headSamples && summarize(headSamples);
    return { baseSamples, headSamples, numbers: { base: baseNumbers, head: headNumbers, calls: callsChange(baseNumbers, headNumbers) } };
  };
  const functionKeys = new Set([...base, ...head].flatMap((run) => [...run.functions.keys()]));
  const weighed: Weighed[][] = [];
  const functions: FunctionDiff[] = [...functionKeys].map((key) => {
    // The head's place: it is the code under review, and the one the picture draws.
    const place = (head.find((run) => run.functions.has(key)) ?? base.find((run) => run.functions.has(key)))!.functions.get(key)!.place;
    const sides = bothSides((run) => run.functions.get(key)?.measures);
    // The tail is judged as times are: per-run p99s, the same tests, in the same correction.
    const [baseP99, headP99] = [p99sOf(base, key), p99sOf(head, key)];
    if (sides.numbers.base && baseP99.length > 0) sides.numbers.base.p99Ms = median(baseP99);
    if (sides.numbers.head && headP99.length > 0) sides.numbers.head.p99Ms = median(headP99);
    const p99 = baseP99.length > 0 && headP99.length > 0 ? [weighTime(p99sOf(base, key, speed?.base), p99sOf(head, key, speed?.head), options.settings)] : [];
    weighed.push(sides.baseSamples && sides.headSamples ? [...weighTimes(sides.baseSamples, sides.headSamples, options.settings, speed), ...p99] : []);
    return { place, ...sides.numbers };
  });
  // Every function's tests at once: the correction for testing many needs them all.
  const verdicts = settleVerdicts(weighed.flat(), options.settings);
  let next = 0;
  weighed.forEach((measures, index) => {
    if (measures.length === 0) return;
    const [selfMs, totalMs, p99Ms] = verdicts.slice(next, next + measures.length);
    next += measures.length;
    functions[index].time = { selfMs, totalMs, ...(p99Ms ? { p99Ms } : {}) };
  });
  const contextKeys = new Set([...base, ...head].flatMap((run) => [...run.contexts.keys()]));
  const contexts: ContextDiff[] = [...contextKeys].map((key) => {
    const path = (head.find((run) => run.contexts.has(key)) ?? base.find((run) => run.contexts.has(key)))!.contexts.get(key)!.path;
    return { path, ...bothSides((run) => run.contexts.get(key)?.measures).numbers };
  });
  return {
    base: { sources: base.map((run) => run.source), ...(basePer ? { perCalls: basePer } : {}) },
    head: { sources: head.map((run) => run.source), ...(headPer ? { perCalls: headPer } : {}) },
    ...(options.per ? { per: options.per.source } : {}),
    settings: options.settings,
    ...(speed ? { speed } : {}),
    functions: functions.sort((a, b) => placeOrder(a.place, b.place)),
    contexts: contexts.sort((a, b) => pathOrder(a.path, b.path)),
  };
}
