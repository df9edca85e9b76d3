import { createHook, executionAsyncResource } from 'node:async_hooks';
import { objectCreate } from './intrinsics';
import type { Recorder } from './recorder';

/**
 * The async resources whose callback is a continuation of the code that
 * created them: a promise reaction (`.then`, `await`; the reaction's own
 * promise is created by the `.then` call), `queueMicrotask`,
 * `process.nextTick`, `setImmediate`, `setTimeout`/`setInterval`. I/O
 * resources (sockets, files, servers) are left out: a socket's 'data' is
 * caused by the peer, not by whoever opened the connection, so its listeners
 * stay under the root.
 */
const CONTINUATION_TYPES: Record<string, true> = objectCreate(null);
for (const type of ['PROMISE', 'Microtask', 'TickObject', 'Immediate', 'Timeout']) CONTINUATION_TYPES[type] = true;

/** A constructor that returns its argument, so that a subclass's private field is added to that object. */
class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}

/**
 * The scheduler's context, as a private field added to the async resource:
 * invisible to the program (no reflection lists it), gone with the resource,
 * and about fifteen times cheaper per promise than a WeakMap, whose entries
 * the garbage collector must trace as ephemerons (docs/async-causality.md).
 */
class ScheduledBy extends ReturnsItsArgument {
  #scheduler: number;

  private constructor(resource: object, scheduler: number) {
    super(resource);
    this.#scheduler = scheduler;
  }

  static stamp(resource: object, scheduler: number): void {
    if (#scheduler in resource) return;
    try {
      new ScheduledBy(resource, scheduler);
    } catch {
      // A resource the program made non-extensible where private fields follow that rule: no parent, never a crash in a hook.
    }
  }

  static of(resource: object): number | undefined {
    return #scheduler in resource ? (resource as ScheduledBy).#scheduler : undefined;
  }
}

const currentResource = executionAsyncResource;
const createAsyncHook = createHook;

/**
 * Records, for each continuation scheduled while an instrumented call ran,
 * the calling context that scheduled it, and gives the recorder that context
 * as the async parent of an instrumented call entered from the root while
 * the continuation runs (Recorder.enter). A continuation scheduled by another
 * continuation from non-instrumented code inherits its scheduler, as
 * AsyncLocalStorage's stores do; one scheduled with nothing instrumented
 * behind it has none, and its calls stay under the root.
 *
 * The scheduler is kept on the resource in a private field (ScheduledBy), so
 * the program sees nothing, nothing outlives the resource, and no destroy
 * hook (which tracks every promise) is needed. The hook only reads the
 * recorder and writes that field: it creates no
 * async resource and calls no program code, so the program's own hooks never
 * see it and the order of callbacks is unchanged. Its cost is Node's promise
 * hooks, paid on every promise while enabled (docs/async-causality.md).
 *
 * Returns what disables it.
 */
export function trackAsyncParents(recorder: Recorder): () => void {
  const root = recorder.root;
  const hook = createAsyncHook({
    init(_asyncId: number, type: string, _triggerAsyncId: number, resource: object) {
      if (CONTINUATION_TYPES[type] !== true) return;
      const running = recorder.current;
      const scheduler = running !== root ? running.context : ScheduledBy.of(currentResource());
      if (scheduler !== undefined && scheduler > 0) ScheduledBy.stamp(resource, scheduler);
    },
  });
  hook.enable();
  recorder.asyncParentOfRunning = () => ScheduledBy.of(currentResource()) ?? 0;
  return () => {
    hook.disable();
    recorder.asyncParentOfRunning = null;
  };
}
