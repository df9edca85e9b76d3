import type { Frame, Recorder } from '../recorder';
import { reflectApply } from '../intrinsics';
import type { FlowHooks } from './adapter';
import { readMarker, type ReadMarker } from './marker';
import type { FlowTable } from './table';

/** FlowHooks over this thread's recorder (the running frame) and flow table. */
export function createFlowHooks(recorder: Recorder, table: FlowTable): FlowHooks {
  return {
    publishing: (system, destination, ownHeaders) => table.publish(system, destination, recorder.current.context, ownHeaders),
    notPublished: (system, destination) => table.unpublish(system, destination, recorder.current.context),
    handle(system, destination, marker, handler, thisArg, args) {
      let read: ReadMarker | undefined;
      let frame: Frame | undefined;
      let saved = -1;
      let startEpochMs = 0;
      try {
        read = readMarker(marker);
        if (read !== undefined) {
          startEpochMs = table.epochNow();
          frame = recorder.current;
          saved = frame.lastCallContext;
          // The first instrumented call the handler makes from this frame sets it (Recorder.enter).
          frame.lastCallContext = -1;
        }
      } catch {
        read = undefined;
      }
      if (read === undefined || frame === undefined) return reflectApply(handler, thisArg, args);
      try {
        return reflectApply(handler, thisArg, args);
      } finally {
        try {
          const entered = frame.lastCallContext;
          if (entered < 0) frame.lastCallContext = saved;
          table.receive(system, destination, read, entered >= 0 ? entered : frame.context, startEpochMs);
        } catch {
          // A probe never fails the program.
        }
      }
    },
    received(system, destination, marker, context) {
      const read = readMarker(marker);
      if (read !== undefined) table.receive(system, destination, read, context, table.epochNow());
    },
    runningContext: () => recorder.current.context,
    hadOwnHeaders: (marker) => readMarker(marker)?.ownHeaders !== false,
  };
}
