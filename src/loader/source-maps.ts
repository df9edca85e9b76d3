import { reflectApply } from '../runtime/intrinsics';

/**
 * Node's source-map support, which makes a stack trace name the line and
 * column the program's author wrote for a frame in an instrumented file (its
 * inline map: instrument/insertion-map.ts). Turned on in a thread when the
 * first included file is instrumented there, not before: once it is on, Node
 * reads and keeps the source map of every module compiled after that, its
 * dependencies' `.js.map` files included, scanning each module's text for its
 * line lengths as it loads. Turned on in every profiled process, that cost a
 * process that instrumented nothing (jest's, a broker, npm) a quarter of its
 * time and named the TypeScript sources of its packages in its stack traces,
 * which it did not without tsprof.
 *
 * Test runners (runners/) map their instrumented files themselves, as they do
 * any file they transform: they do not call this.
 */

/** Captured when the preload loads: the program may replace them later (Reflect.apply too: intrinsics.ts). */
const setSourceMapsEnabled = process.setSourceMapsEnabled;
const processObject = process;
let turnedOn = false;

/** Turns Node's source-map support on in this thread, before the first instrumented module compiles. */
export function useSourceMaps(): void {
  if (turnedOn) return;
  turnedOn = true;
  reflectApply(setSourceMapsEnabled, processObject, [true]);
}
