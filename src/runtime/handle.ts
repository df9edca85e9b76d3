import { obtainRuntime } from './runtime';

/** The module instrumented code loads: `require`/`import` of this file yields the probes. */
export = obtainRuntime();
