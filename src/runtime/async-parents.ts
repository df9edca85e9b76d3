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

const uncurryThis = Function.prototype.bind.bind(Function.prototype.call) as <T, A extends unknown[], R>(method: (this: T, ...args: A) => R) => (self: T, ...args: A) => R;
const weakMapGet = uncurryThis(WeakMap.prototype.get) as (map: WeakMap<object, number>, key: object) => number | undefined;
const weakMapSet = uncurryThis(WeakMap.prototype.set) as (map: WeakMap<object, number>, key: object, value: number) => WeakMap<object, number>;
const WeakMapCtor = WeakMap;
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
 * The scheduler is kept in a WeakMap keyed by the resource, so nothing is
 * written on objects the program can see, nothing is kept after the resource
 * is collected, and no destroy hook (which tracks every promise) is needed.
 * The hook only reads the recorder and writes its own map: it creates no
 * async resource and calls no program code, so the program's own hooks never
 * see it and the order of callbacks is unchanged. Its cost is Node's promise
 * hooks, paid on every promise while enabled (docs/async-causality.md).
 *
 * Returns what disables it.
 */
export function trackAsyncParents(recorder: Recorder): () => void {
  const scheduledBy = new WeakMapCtor<object, number>();
  const root = recorder.root;
  const hook = createAsyncHook({
    init(_asyncId: number, type: string, _triggerAsyncId: number, resource: object) {
      if (CONTINUATION_TYPES[type] !== true) return;
      const running = recorder.current;
      const scheduler = running !== root ? running.context : weakMapGet(scheduledBy, currentResource());
      if (scheduler !== undefined && scheduler > 0) weakMapSet(scheduledBy, resource, scheduler);
    },
  });
  hook.enable();
  recorder.asyncParentOfRunning = () => weakMapGet(scheduledBy, currentResource()) ?? 0;
  return () => {
    hook.disable();
    recorder.asyncParentOfRunning = null;
  };
}
