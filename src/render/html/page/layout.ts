import Viz from '@aduh95/viz.js';
import workerSource from 'tsprof:layout-worker';
import { tidySvgTypography } from '../../svg-typography';

/**
 * DOT → SVG in the page, with the same Graphviz build (viz.js) and the same
 * typography pass as `-o calls.svg`, so a re-selected graph looks like the
 * one the command line draws. The worker starts on the first layout.
 */
let viz: Viz | undefined;

export async function layoutSvg(dot: string): Promise<string> {
  viz ??= new Viz({ worker: new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }))) });
  return tidySvgTypography(await viz.renderString(dot, { format: 'svg', engine: 'dot' }));
}
