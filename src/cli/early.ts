/**
 * What bin/tsprof.js loads before the CLI's bundle, as one small bundle of its
 * own (scripts/bundle.js): what can start while the CLI's code loads and reads
 * the options: a Node command of `tsprof run` (early-command.ts), and
 * Graphviz's worker for a picture it lays out (early-graphviz.ts); and what
 * loads the CLI's bundle after that (loadCli).
 */
import { CLI_BUNDLE } from '../loader/bundles';

export { startEarly } from './early-command';
export { startGraphvizEarly } from './early-graphviz';

/**
 * The CLI's bundle (main.ts and all it imports), loaded as the bundles of profiled processes are
 * (loader/own-bundle.ts): with V8's code for it from tsprof's cache, as it was at the end of the
 * process that wrote it, lazily compiled functions included (parsing the options, merging,
 * drawing). Node's own compile cache (Node 22+), on for the bundle before, bought nothing
 * measurable in a whole run; this makes a tiny program's run 8-9 % quicker on Node 20 and 22,
 * 4 % on Node 24 (farm-bench, 30 pairs).
 */
export function loadCli(): typeof import('./main') {
  // Required here, not as this bundle loads: its modules (the cache, the hash) are not needed to start the command.
  const { loadOwnBundle } = require('../loader/own-bundle') as typeof import('../loader/own-bundle');
  return loadOwnBundle(CLI_BUNDLE) as typeof import('./main');
}
