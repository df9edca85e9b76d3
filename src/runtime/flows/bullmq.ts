import { hasOwnProperty, objectAssign, objectDefineProperty, reflectApply } from '../intrinsics';
import type { ClientAdapter, FlowHooks } from './adapter';
import { FLOW_HEADER } from './marker';
import { outermostOnly, withArgument, wrapMethod } from './wrap';

/**
 * bullmq (the CommonJS build, dist/cjs: what both `require('bullmq')` and
 * `import 'bullmq'` load, as the package has no exports map). The marker is a
 * job option, `opts['tsprof-flow']`, that only the job's stored options hold:
 *
 * - `Queue.add` and `addBulk` pass copies of the program's options with it;
 *   `Job.prototype.asJSON`, which serializes a job for Redis, takes it out of
 *   the job's `opts` and puts it only into what is stored, so the Job the
 *   program gets back (and the `waiting` event) has the options it gave.
 * - `Job.fromJSON` (every job read from Redis: the worker's, `getJob`'s) takes
 *   it out of `opts` again and keeps it aside for the job object.
 * - `Worker.prototype.callProcessJob` runs the processor: its call is timed
 *   from the marker's send time and counted for the first instrumented
 *   function the processor enters. A retried job is counted again (a
 *   redelivery).
 *
 * The job's data is serialized by bullmq as before, untouched. Destination: the
 * queue name (`Queue.name`, `Worker.name`). A sandboxed processor (a file run in
 * a child process) is counted in the worker's process.
 */
const SYSTEM = 'bullmq';

interface Job {
  opts?: Record<string, unknown>;
}

interface Named {
  name?: unknown;
}

/** The marker of each job read from Redis, until the worker processes it. */
const markers = new WeakMap<object, unknown>();

function copyOf(opts: unknown): Record<string, unknown> {
  return objectAssign({}, opts) as Record<string, unknown>;
}

/** Puts a counted marker on options tsprof copied: called last, once nothing else can fail. */
function mark(hooks: FlowHooks, queue: Named, flowOpts: Record<string, unknown>): void {
  const marker = hooks.publishing(SYSTEM, typeof queue?.name === 'string' ? queue.name : '', true);
  objectDefineProperty(flowOpts, FLOW_HEADER, { value: marker, enumerable: true, writable: true, configurable: true });
}

function patchQueue(prototype: object, hooks: FlowHooks): void {
  const outermost = outermostOnly();
  // add(name, data, opts)
  wrapMethod(prototype, 'add', (original) =>
    function (this: Named) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          try {
            const flowOpts = copyOf(args[2]);
            const flowArgs = withArgument(args, 2, flowOpts);
            mark(hooks, this, flowOpts);
            call = flowArgs;
          } catch {
            call = args;
          }
          return reflectApply(original, this, call as unknown[]);
        },
        () => reflectApply(original, this, args),
      );
    },
  );
  // addBulk([{ name, data, opts }])
  wrapMethod(prototype, 'addBulk', (original) =>
    function (this: Named, jobs: unknown) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          try {
            if (typeof (jobs as unknown[] | undefined)?.map === 'function') {
              const marked = (jobs as Array<{ opts?: unknown }>).map((job) => objectAssign({}, job, { opts: copyOf(job?.opts) }) as { opts: Record<string, unknown> });
              const flowArgs = withArgument(args, 0, marked);
              for (let at = 0; at < marked.length; at++) mark(hooks, this, marked[at].opts);
              call = flowArgs;
            }
          } catch {
            call = args;
          }
          return reflectApply(original, this, call as unknown[]);
        },
        () => reflectApply(original, this, args),
      );
    },
  );
}

function takeMarker(job: Job | undefined): unknown {
  const opts = job?.opts;
  if (!opts || !reflectApply(hasOwnProperty, opts, [FLOW_HEADER])) return undefined;
  const marker = opts[FLOW_HEADER];
  delete opts[FLOW_HEADER];
  return marker;
}

function patchJob(Job: object & { prototype: object }): void {
  wrapMethod(Job.prototype, 'asJSON', (original) =>
    function (this: Job) {
      let marker: unknown;
      try {
        marker = takeMarker(this);
      } catch {
        marker = undefined;
      }
      const json = reflectApply(original, this, arguments) as { opts?: unknown } | undefined;
      try {
        if (marker !== undefined && json && json.opts === this.opts) {
          const stored = objectAssign({}, this.opts) as Record<string, unknown>;
          stored[FLOW_HEADER] = marker;
          json.opts = stored;
        }
      } catch {
        // The job goes without a marker: counted as published, not matched.
      }
      return json;
    },
  );
  wrapMethod(Job, 'fromJSON', (original) =>
    function (this: unknown) {
      const job = reflectApply(original, this, arguments) as Job;
      try {
        const marker = takeMarker(job);
        if (marker !== undefined) markers.set(job, marker);
      } catch {
        // The processor's job keeps the marker in its options rather than failing.
      }
      return job;
    },
  );
}

interface Worker extends Named {
  processFn?: unknown;
}

/**
 * callProcessJob(job, token, signal) calls the worker's processFn (the
 * processor, or the sandbox's call into its child): for the one call, the
 * worker's processFn is a function that hands the processor to the hooks, so
 * the processor (not callProcessJob, when bullmq is instrumented too) is the
 * handling context.
 */
function patchWorker(prototype: object, hooks: FlowHooks): void {
  wrapMethod(prototype, 'callProcessJob', (original) =>
    function (this: Worker, job: unknown) {
      let marker: unknown;
      let processor: unknown;
      try {
        if (typeof job === 'object' && job !== null) {
          marker = markers.get(job);
          markers.delete(job);
        }
        processor = this.processFn;
        if (marker !== undefined && typeof processor === 'function' && reflectApply(hasOwnProperty, this, ['processFn'])) {
          const name = typeof this.name === 'string' ? this.name : '';
          const flowMarker = marker;
          this.processFn = function (this: unknown) {
            return hooks.handle(SYSTEM, name, flowMarker, processor as Function, this, arguments);
          };
        } else {
          processor = undefined;
        }
      } catch {
        processor = undefined;
      }
      if (processor === undefined) return reflectApply(original, this, arguments);
      try {
        return reflectApply(original, this, arguments);
      } finally {
        this.processFn = processor;
      }
    },
  );
}

export const bullmqAdapter: ClientAdapter = {
  packageName: 'bullmq',
  files: ['dist/cjs/classes/job.js', 'dist/cjs/classes/queue.js', 'dist/cjs/classes/worker.js'],
  versions: ['6.0.0', '7.0.0'],
  patch(file, module, hooks) {
    const exports = module.exports as { Job?: object & { prototype: object }; Queue?: { prototype: object }; Worker?: { prototype: object } };
    if (file.endsWith('job.js')) {
      if (!exports.Job) throw new Error('Job is not exported by dist/cjs/classes/job.js');
      patchJob(exports.Job);
    } else if (file.endsWith('queue.js')) {
      if (!exports.Queue) throw new Error('Queue is not exported by dist/cjs/classes/queue.js');
      patchQueue(exports.Queue.prototype, hooks);
    } else {
      if (!exports.Worker) throw new Error('Worker is not exported by dist/cjs/classes/worker.js');
      patchWorker(exports.Worker.prototype, hooks);
    }
  },
};
