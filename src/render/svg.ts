import { layoutDot } from './graphviz';
import { tidySvgTypography } from './svg-typography';

/**
 * Lays out a DOT graph with Graphviz compiled to WebAssembly, so no system
 * Graphviz is needed, then sets the type of tsprof's labels (svg-typography.ts).
 */
export async function dotToSvg(dot: string): Promise<string> {
  return tidySvgTypography(await layoutDot(dot));
}
