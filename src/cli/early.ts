/**
 * What bin/tsprof.js loads before the CLI's bundle, as one small bundle of its
 * own (scripts/bundle.js): what can start while the CLI's code loads and reads
 * the options: a Node command of `tsprof run` (early-command.ts), and
 * Graphviz's worker for a picture it lays out (early-graphviz.ts).
 */
export { startEarly } from './early-command';
export { startGraphvizEarly } from './early-graphviz';
