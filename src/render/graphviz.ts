import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LOCATED_NODE_CLASS, NODE_CLASS, TITLE_CLASS } from './typography';

/**
 * Graphviz compiled to WebAssembly (viz.js), laid out in viz.js's own worker
 * thread, which tsprof starts and talks to here.
 *
 * Why not viz.js's `Viz` class (or graphviz-cli, which wraps it): it is an ES
 * module, so a CommonJS program reaches it through `import()`, and the worker
 * starts only after that import has resolved, that is after the main thread
 * next waits. `tsprof render` reads the profile and builds the graph in one
 * synchronous stretch, so the worker, whose start-up (Node's bootstrap of a
 * thread, compiling the WebAssembly, the warm-up layout) is most of an SVG's
 * cost, used to start only when the DOT was already waiting for it. Started
 * here with `new Worker`, it starts at once and boots beside that work.
 *
 * The messages are those of viz.js 3.7.0's worker (dist/render.node.mjs,
 * which `Viz` sends): `{ id, src, options }` in, `{ id, result }` or
 * `{ id, error: { message } }` out. package.json pins that version exactly;
 * test/render/graphviz.test.mjs lays out through it.
 */
const VIZ_WORKER = '@aduh95/viz.js/worker';
/**
 * The thread's entry, which loads viz.js's module (graphviz-worker.mts); from dist/render or
 * dist/cli (the CLI's bundle) alike. Where it is not beside this code (tsprof's library bundled
 * into someone's program), viz.js's module is the entry itself, as it was before there was one.
 */
const WORKER_ENTRY = join(__dirname, '..', 'render', 'graphviz-worker.mjs');

/** Whether Graphviz's worker compiles its WebAssembly with Liftoff alone (cli/liftoff.ts decides; the library never does). */
let liftoffOnly = false;

export interface LayoutOptions {
  format?: 'svg' | 'json' | 'xdot' | 'plain';
}

interface Layout {
  id: number;
  dot: string;
  options: LayoutOptions;
  resolve(result: string): void;
  reject(error: Error): void;
}

type Reply = { id: number; result?: string; error?: { message: string } };

class GraphvizWorker {
  private readonly worker: Worker;
  /** WARM_UP_DOT's layout by this worker (null if it failed), once asked for: once is enough. */
  warmUp: Promise<string | null> | null = null;
  /** Layouts asked for, in order; the first is the one the worker has, the rest wait for it. */
  private readonly queue: Layout[] = [];
  private nextId = 0;
  private failure: Error | null = null;

  constructor() {
    const file = realpathSync(require.resolve(VIZ_WORKER));
    // viz.js's module runs as the worker only when workerData names its own file.
    this.worker = new Worker(existsSync(WORKER_ENTRY) ? WORKER_ENTRY : file, { workerData: { __filename: file, liftoffOnly } });
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error: Error) => this.fail(error));
    this.worker.on('exit', (code: number) => this.fail(new Error(`Graphviz's worker thread ended (exit code ${code})`)));
    // Idle, it never keeps the CLI alive; it is referenced while a layout is pending (after the listeners: adding one refs it).
    this.worker.unref();
  }

  layout(dot: string, options: LayoutOptions): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, dot, options, resolve, reject });
      if (this.queue.length === 1) this.send();
    });
  }

  /**
   * One layout at a time: viz.js's worker starts its WebAssembly anew for each message that
   * arrives before its first start has finished, and those starts share one module, so the
   * third of three sent at once fails ("Cannot register public name … twice"). In order, the
   * warm-up is also done before the graph after it starts.
   */
  private send(): void {
    const { id, dot, options } = this.queue[0];
    this.worker.ref();
    this.worker.postMessage({ id, src: dot, options: { format: options.format ?? 'svg', engine: 'dot', files: [], yInvert: false, nop: 0 } });
  }

  private settle({ id, result, error }: Reply): void {
    if (this.queue.length === 0 || this.queue[0].id !== id) return;
    const done = this.queue.shift() as Layout;
    if (this.queue.length > 0) this.send();
    else this.worker.unref();
    if (error) done.reject(new Error(error.message));
    else done.resolve(result ?? '');
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.queue.splice(0)) waiting.reject(this.failure);
  }
}

let graphviz: GraphvizWorker | null = null;

/**
 * Has the worker compile Graphviz with V8's Liftoff alone (`--liftoff-only`,
 * which holds for the whole process once set): the worker sets it once it
 * has loaded Node's modules (graphviz-worker.mts). For a worker started after this.
 */
export function useLiftoffCodeOnly(): void {
  liftoffOnly = true;
}

/** Starts the worker if it is not running yet (its start-up goes on in its own thread); throws only when it cannot be started. */
export function startGraphviz(): void {
  graphviz ??= new GraphvizWorker();
}

/** Lays out `dot` with Graphviz's dot engine; rejects with Graphviz's own message when it cannot. */
export function layoutDot(dot: string, options: LayoutOptions = {}): Promise<string> {
  try {
    startGraphviz();
  } catch (error) {
    // A worker that cannot start (no thread, viz.js missing) fails the layout, as Graphviz's own errors do, never the caller.
    return Promise.reject(error as Error);
  }
  return graphviz!.layout(dot, options);
}

/**
 * A small graph that goes through the parts of Graphviz a call graph uses
 * (a title, filled rounded boxes with several lines, double outlines, edge
 * labels, a dashed edge, a back edge). Graphviz's first layouts are several
 * times slower than the next ones (its WebAssembly code and memory warm up);
 * laying this out first makes the real graph's layout nearly as fast as a
 * second one. Its attributes need not track dot.ts: only the code paths
 * matter, and the classes svg-typography.ts sets the type of labels by, so
 * that the PNG raster's warm-up on it (render/svg.ts) draws every font a
 * real picture does.
 */
const WARM_UP_DOT = `digraph warm {
  graph [class="${TITLE_CLASS}", fontname="DejaVu Sans", fontsize=16, label="title\\nsubtitle", labelloc=t, rankdir=TB, ranksep=0.3, nodesep=0.2, pad=0.3];
  node [class="${NODE_CLASS}", fontname="DejaVu Sans", fontsize=13, shape=box, style="filled,rounded", margin="0.1,0.05"];
  edge [fontname="DejaVu Sans", fontsize=10];
  a [label="a\\ncalls: 1\\ntotal: 1 ms", fillcolor="#ff0000", penwidth=2, peripheries=2];
  b [label="b\\ncalls: 2", fillcolor="#0f3391", fontcolor="#ffffff"];
  c [class="${NODE_CLASS} ${LOCATED_NODE_CLASS}", label="c\\ncalls: 3\\nfile.js:1", fillcolor="#e9f7cd"];
  d [label="d"];
  a -> b [label="2 calls\\n1 ms", penwidth=3, color="#123456"];
  a -> c [label="1 call", style=dashed];
  b -> d [label="1 call", color="#ff0000:#ffffff:#ff0000"];
  c -> d [label="1 call"];
  d -> b [label="1 call"];
}`;

/**
 * Starts the worker and has it lay out WARM_UP_DOT, once per worker: compiling
 * Graphviz's WebAssembly and its first layouts take longer than laying out a
 * graph once warm. `tsprof render` asks for it before its CLI's code has loaded
 * (cli/early-graphviz.ts) and again while it reads the profile, `tsprof run`
 * while the command runs: the picture is drawn as soon as its DOT is ready.
 * Layouts run one at a time, in order: a graph sent after this one waits for
 * it, and finds Graphviz warm. Resolves to the warm-up's SVG, which a PNG's
 * raster warms up on (render/svg.ts's warmUpSvg), or null when the worker
 * could not lay it out (the layout that needs it reports why); never rejects.
 */
export function warmUpGraphviz(): Promise<string | null> {
  try {
    startGraphviz();
  } catch {
    return Promise.resolve(null); // the layout that needs the worker reports why it cannot start
  }
  graphviz!.warmUp ??= graphviz!.layout(WARM_UP_DOT, {}).catch(() => null);
  return graphviz!.warmUp;
}
