import { layoutDot, warmUpGraphviz } from './graphviz';
import { tidySvgTypography } from './svg-typography';

/**
 * Lays out a DOT graph with Graphviz compiled to WebAssembly, so no system
 * Graphviz is needed, then sets the type of tsprof's labels (svg-typography.ts).
 */
export async function dotToSvg(dot: string): Promise<string> {
  return tidySvgTypography(await layoutDot(dot));
}

/** Graphviz's warm-up layout (graphviz.ts), typeset as dotToSvg typesets a real graph; null when the worker could not lay it out. */
export async function warmUpSvg(): Promise<string | null> {
  const svg = await warmUpGraphviz();
  return svg === null ? null : tidySvgTypography(svg);
}
