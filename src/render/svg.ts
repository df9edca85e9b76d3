import type * as GraphvizCli from 'graphviz-cli';
import { tidySvgTypography } from './svg-typography';

/** Loaded on the first SVG or PNG: a DOT output never pays for Graphviz. */
let graphviz: typeof GraphvizCli | null = null;
function renderGraphFromSource(...args: Parameters<typeof GraphvizCli.renderGraphFromSource>): Promise<string> {
  graphviz ??= require('graphviz-cli') as typeof GraphvizCli;
  return graphviz.renderGraphFromSource(...args);
}

/**
 * Lays out a DOT graph with Graphviz compiled to WebAssembly, so no system
 * Graphviz is needed, then sets the type of tsprof's labels (svg-typography.ts).
 */
export async function dotToSvg(dot: string): Promise<string> {
  await warmedUp;
  return tidySvgTypography(await renderGraphFromSource({ input: dot }, { format: 'svg' }));
}

let warmedUp: Promise<unknown> = Promise.resolve();

/**
 * Compiling Graphviz's WebAssembly takes longer than laying out a graph
 * (about 150 ms): `tsprof run` starts it while the command runs, so the
 * picture is drawn as soon as the command ends.
 */
export function warmUpGraphviz(): void {
  warmedUp = renderGraphFromSource({ input: 'digraph {}' }, { format: 'svg' }).catch(() => undefined);
}
