/**
 * graphviz-cli ships types only for its ES module entry; under Node16
 * resolution a CommonJS importer resolves to lib/index.cjs, which has none.
 * This declares the one function src/render uses, as lib/index.d.ts does.
 */
declare module 'graphviz-cli' {
  interface Source {
    name?: string;
    input?: string;
  }
  interface Options {
    name?: string;
    engine?: 'circo' | 'dot' | 'fdp' | 'neato' | 'osage' | 'twopi';
    format?: 'svg' | 'png' | 'dot' | 'xdot' | 'plain' | 'plain-ext' | 'ps' | 'ps2' | 'json' | 'json0' | 'canon';
    yInvert?: boolean;
    nop?: 0 | 1;
  }
  export function renderGraphFromSource(source?: Source, options?: Options): Promise<string>;
}
