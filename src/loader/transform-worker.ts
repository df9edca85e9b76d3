import { readFileSync } from 'node:fs';
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { cacheKey } from './cache';
import { relativeSpecifiers } from './static-imports';
import { instrumentOrWarn } from './transform';
import { JOB, transformKeyParts, type AheadJob, type AheadResult } from './transform-ahead-protocol';

/**
 * The transform worker's thread (transform-ahead.ts starts it; built as
 * transform-worker.bundle.js, which that thread loads privately). It takes
 * the newest job first: `require` goes depth first, so the loading thread
 * wants a file's first import right after the file itself and its last
 * import much later; the worker, starting from the last, stays out of its
 * way (bench/parallel-transform.js: oldest first, the loading thread waited
 * some 550 ms in all; newest first, 250–420 ms). It skips jobs the loading
 * thread took itself, and sends each result back with the file's own
 * imports. It never prints: warnings travel with the result, and the thread
 * that loads the file says them. A job that fails in any way is marked done without a result, and the
 * loading thread transforms that file itself.
 */

const { port, states } = workerData as { port: MessagePort; states: Int32Array };
const queue: AheadJob[] = [];

function transformAhead(job: AheadJob): AheadResult | null {
  try {
    const source = readFileSync(job.filename, 'utf8');
    const inputs = { format: job.format, runtimeSpecifier: job.runtimeSpecifier, runtimeLoad: job.runtimeLoad };
    const key = cacheKey(source, transformKeyParts(job.filename, inputs));
    const made = instrumentOrWarn(source, job.filename, inputs);
    return { filename: job.filename, inputs, key, source, code: made.code, warnings: made.warnings, specifiers: relativeSpecifiers(source) };
  } catch {
    return null;
  }
}

function work(): void {
  for (;;) {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) queue.push(message.message as AheadJob);
    const job = queue.pop();
    if (!job) return;
    if (Atomics.compareExchange(states, job.index, JOB.queued, JOB.working) !== JOB.queued) continue;
    const result = transformAhead(job);
    // The result is in the loading thread's queue before the job reads as done.
    if (result) port.postMessage(result);
    Atomics.store(states, job.index, JOB.done);
    Atomics.notify(states, job.index);
  }
}

port.on('message', (job: AheadJob) => {
  queue.push(job);
  work();
});
