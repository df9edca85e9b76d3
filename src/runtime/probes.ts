import { iterateSuspending } from './async-iteration';
import { objectFreeze } from './intrinsics';
import type { Frame, Recorder } from './recorder';
import type { PROBE, SiteRow } from '../probe-contract';

/**
 * The object instrumented code calls (names from probe-contract.ts). Each is a
 * thin closure the JIT inlines into the caller.
 */
export interface Probes {
  register(file: string, sites: ReadonlyArray<SiteRow>): number;
  /** enter: at the top of every instrumented body */
  e(id: number): Frame;
  /** exit: in the finally around every instrumented body */
  x(frame: Frame): void;
  /** mark: before an await operand is evaluated; returns the frame */
  m(frame: Frame): Frame;
  /** suspend: before an await whose operand is not a call; passes the operand through */
  s<T>(frame: Frame, value?: T): T | undefined;
  /** suspend at a yield: the generator is parked until its consumer asks again */
  sy<T>(frame: Frame, value?: T): T | undefined;
  /** suspend before an await of a call: the wait is also charged to that call's edge */
  sc<T>(frame: Frame, value: T): T;
  /** resume: after an await/yield and at the top of catch/finally; passes the result through */
  r<T>(frame: Frame, value?: T): T | undefined;
  /** for-await: wraps the iterable so the loop's implicit awaits suspend; `notIterable` is V8's message naming it */
  fa(frame: Frame, iterable: unknown, notIterable?: string): object;
}

/** Fails to compile when the contract names a probe this runtime does not provide. */
type ProvidesEveryProbe<T extends Record<(typeof PROBE)[keyof typeof PROBE], unknown>> = T;
export type CheckedProbes = ProvidesEveryProbe<Probes>;

export function createProbes(recorder: Recorder): Probes {
  return objectFreeze({
    register: (file: string, sites: ReadonlyArray<SiteRow>) => recorder.register(file, sites),
    e: (id: number) => recorder.enter(id),
    x: (frame: Frame) => recorder.exit(frame),
    m: (frame: Frame) => recorder.mark(frame),
    s<T>(frame: Frame, value?: T) {
      recorder.suspend(frame, false);
      return value;
    },
    sy<T>(frame: Frame, value?: T) {
      recorder.suspend(frame, false, true);
      return value;
    },
    sc<T>(frame: Frame, value: T) {
      recorder.suspend(frame, true);
      return value;
    },
    r<T>(frame: Frame, value?: T) {
      recorder.resume(frame);
      return value;
    },
    fa: (frame: Frame, iterable: unknown, notIterable?: string) => iterateSuspending(iterable, () => recorder.suspend(frame, false), notIterable),
  });
}
