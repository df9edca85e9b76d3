import type { RunTable } from './runs';
import { median } from './statistics';

/**
 * How fast the machine ran each run, relative to the others: a shared CI
 * runner or a busy laptop makes every function of a run slower together, and
 * without this a head profiled while another job ran would be "slower"
 * everywhere. The factor of a run is the median, over the functions that ran
 * long enough in every run, of the function's self time in that run divided by
 * its geometric mean over all runs — DESeq's median-of-ratios normalization
 * of sequencing depth, for the same reason: a real change in one function, or
 * a few, moves the median little, while a change of the whole machine moves
 * it all. Times are divided by their run's factor before they are judged, so
 * verdicts are about a function's time relative to the rest of the program.
 *
 * Only with --normalize: for the base and head profiled side by side (their
 * runs alternating, as the GitHub workflow does) the factors add more noise
 * than they take out. A run's functions do not speed up and slow down
 * together: the garbage collector's work lands on the functions that
 * allocate, socket timing on the I/O handlers, and neither on a pure
 * computation. On the task-queue fixture (5 alternating runs a side, a quiet
 * machine) the head's factors spread from 0.89 to 1.21 while crc32 itself
 * varied by 2%, which hid its 33% slowdown in three of four series and made a
 * socket handler "faster" in one; judged as measured, all four were found and
 * nothing else. The factors are for runs that cannot alternate: a baseline
 * profiled earlier or on another machine.
 */
export interface SpeedFactors {
  base: number[];
  head: number[];
  /** How many functions the factors were taken from; 0 when too few ran long enough (all factors are then 1). */
  functions: number;
}

/** Fewer functions than this give no reliable median: the factors stay 1. */
const MIN_REFERENCE_FUNCTIONS = 3;

export function speedFactors(base: RunTable[], head: RunTable[], minMs: number): SpeedFactors {
  const runs = [...base, ...head];
  const ones = { base: base.map(() => 1), head: head.map(() => 1), functions: 0 };
  const reference = [...runs[0].functions.keys()].filter((key) =>
    runs.every((run) => {
      const selfMs = run.functions.get(key)?.measures.selfMs ?? 0;
      return selfMs >= minMs && selfMs > 0;
    }),
  );
  if (reference.length < MIN_REFERENCE_FUNCTIONS) return ones;
  const geometricMean = new Map(
    reference.map((key) => [key, Math.exp(runs.reduce((sum, run) => sum + Math.log(run.functions.get(key)!.measures.selfMs), 0) / runs.length)]),
  );
  const factorOf = (run: RunTable): number => median(reference.map((key) => run.functions.get(key)!.measures.selfMs / geometricMean.get(key)!));
  return { base: base.map(factorOf), head: head.map(factorOf), functions: reference.length };
}
