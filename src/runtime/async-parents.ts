import { createHook, executionAsyncResource, type HookCallbacks } from 'node:async_hooks';
import { promiseHooks } from 'node:v8';
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
const createPromiseHook = promiseHooks.createHook;

/** createHook's `trackPromises` (in Node 24.22, not in 20.20 or 22.23): false leaves promises out of async_hooks altogether. */
type Callbacks = HookCallbacks & { trackPromises?: boolean };

/**
 * Whether this Node's async_hooks can leave promises out (`trackPromises:
 * false`). A Node that does not know the option ignores it, and then a
 * promise made while the hook is on reaches its init: that is the probe.
 */
function promisesCanBeLeftOut(): boolean {
  let promiseSeen = false;
  const callbacks: Callbacks = {
    init(_asyncId: number, type: string) {
      if (type === 'PROMISE') promiseSeen = true;
    },
    trackPromises: false,
  };
  const probe = createAsyncHook(callbacks);
  probe.enable();
  // An async function's promise is the engine's, whatever the program made of the global Promise.
  void (async () => undefined)();
  probe.disable();
  return !promiseSeen;
}

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
 * hook (which tracks every promise) is needed. The hooks only read the
 * recorder and write that field: they create no async resource and call no
 * program code, so the program's own hooks never see them and the order of
 * callbacks is unchanged.
 *
 * Where Node can leave promises out of async_hooks, promises are followed by
 * V8's promise hooks directly (init stamps, before/after say which reaction
 * runs) and async_hooks sees only the other continuations: Node's promise
 * tracking for async_hooks (an async id per promise, its stacks around every
 * reaction) cost the task-queue fixture some 8 % of its dispatch loop with
 * async parents on. Elsewhere one async_hooks init hook does it all, and the
 * running continuation is `executionAsyncResource()` (docs/async-causality.md).
 *
 * Returns what disables it.
 */
export function trackAsyncParents(recorder: Recorder): () => void {
  const root = recorder.root;
  const promisesApart = promisesCanBeLeftOut();
  // The promise reactions running, innermost last (promise hooks' before and after): no Array method, which the program may replace.
  const reactions: object[] = [];
  let depth = 0;
  const running = promisesApart ? (): object => (depth > 0 ? reactions[depth - 1] : currentResource()) : currentResource;
  const stamp = (resource: object): void => {
    const current = recorder.current;
    const scheduler = current !== root ? current.context : ScheduledBy.of(running());
    if (scheduler !== undefined && scheduler > 0) ScheduledBy.stamp(resource, scheduler);
  };
  const callbacks: Callbacks = {
    init(_asyncId: number, type: string, _triggerAsyncId: number, resource: object) {
      if (CONTINUATION_TYPES[type] === true) stamp(resource);
    },
    ...(promisesApart ? { trackPromises: false } : {}),
  };
  const hook = createAsyncHook(callbacks);
  hook.enable();
  const stopPromiseHooks = promisesApart
    ? createPromiseHook({
        init: (promise: object) => stamp(promise),
        before: (promise: object) => {
          reactions[depth++] = promise;
        },
        // Enabled inside a reaction (a module loaded from an async function), its after comes without a before.
        after: () => {
          // The slot is let go of, so that the promise can be collected.
          if (depth > 0) reactions[--depth] = root;
        },
      })
    : null;
  recorder.asyncParentOfRunning = () => ScheduledBy.of(running()) ?? 0;
  return () => {
    hook.disable();
    stopPromiseHooks?.();
    recorder.asyncParentOfRunning = null;
  };
}
