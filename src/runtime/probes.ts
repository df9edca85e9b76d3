import { iterateSuspending } from './async-iteration';
import { objectFreeze } from './intrinsics';
import type { Frame, Recorder } from './recorder';
import type { ExactProbes, ProbeSignatures, SiteRow } from '../probe-contract';

/** The object instrumented code calls; what each probe does is in probe-contract.ts. */
export type Probes = ProbeSignatures<Frame>;

/** Each probe is a thin closure the JIT inlines into the caller. */
export function createProbes(recorder: Recorder): Probes {
  const probes = {
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
  };
  const exact: ExactProbes<typeof probes, Frame> = probes;
  return objectFreeze(exact);
}
