/** The layout worker's bundle as text (scripts/bundle.js builds it first): the page starts it from a blob. */
declare module 'tsprof:layout-worker' {
  const source: string;
  export default source;
}

declare module '@aduh95/viz.js/wasm' {
  const wasm: Uint8Array;
  export default wasm;
}

/** The package's own types are not reachable through its "exports"; this is the part the page uses. */
declare module '@aduh95/viz.js' {
  export default class Viz {
    constructor(options: { worker: Worker });
    renderString(source: string, options?: { format?: string; engine?: string }): Promise<string>;
  }
}
