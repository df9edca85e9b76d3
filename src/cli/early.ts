/**
 * What bin/tsprof.js loads before the CLI's bundle, as one small bundle of its
 * own (scripts/bundle.js): what can start while the CLI's code loads and reads
 * the options: a Node command of `tsprof run` (early-command.ts), and
 * Graphviz's worker for a picture it lays out (early-graphviz.ts); and what
 * loads the CLI's bundle after that (loadCli).
 */
import { CLI_BUNDLE } from '../loader/bundles';
import { loadOwnBundle } from '../loader/own-bundle';

export { startEarly } from './early-command';
export { startGraphvizEarly } from './early-graphviz';

/**
 * The CLI's bundle (main.ts and all it imports), loaded as the bundles of profiled processes are
 * (loader/own-bundle.ts): with V8's code for it from tsprof's cache, as it was at the end of the
 * process that wrote it, lazily compiled functions included. Node's own compile cache (Node 22+)
 * keeps only the code compiled as a module loads; the rest (parsing the options, merging, drawing)
 * was compiled again in every run: a run of a tiny program took 8-9 % less wall time with this on
 * Node 20 and 22, 4 % on Node 24 (farm-bench, 30 pairs).
 */
export function loadCli(): typeof import('./main') {
  return loadOwnBundle(CLI_BUNDLE) as typeof import('./main');
}
