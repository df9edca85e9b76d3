import 'node:crypto';
import 'node:fs';
import 'node:module';
import 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { workerData } from 'node:worker_threads';

/**
 * The entry of Graphviz's worker thread (graphviz.ts): it loads viz.js's
 * worker module, which then answers the thread's messages itself.
 *
 * It exists for one V8 flag. Liftoff's code alone lays a graph out in less
 * time than V8 spends re-compiling it with TurboFan mid-layout (cli/liftoff.ts),
 * but a thread started after any flag is set hashes the flags anew, refuses
 * Node's embedded code cache, and compiles each of Node's own modules it loads
 * from source: set before this worker started, as it was, that doubled the
 * thread's start (a worker that loads node:fs and posts a message: 54 ms,
 * 113 ms with the flag set). So the node modules the viz.js module imports are
 * loaded here first, with Node's cached code, and only then is the flag set,
 * before viz.js compiles its WebAssembly.
 *
 * workerData: `{ __filename, liftoffOnly }`, viz.js's module's own path (it
 * answers messages only when workerData names it) and whether to set the flag.
 */
const { __filename: vizWorker, liftoffOnly } = workerData as { __filename: string; liftoffOnly: boolean };
if (liftoffOnly) setFlagsFromString('--liftoff-only');
await import(pathToFileURL(vizWorker).href);
