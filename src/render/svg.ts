import { layoutDot } from './graphviz';
import { tidySvgTypography } from './svg-typography';

/**
 * Lays out a DOT graph with Graphviz compiled to WebAssembly, so no system
 * Graphviz is needed, then sets the type of tsprof's labels (svg-typography.ts).
 */
export async function dotToSvg(dot: string): Promise<string> {
  return tidySvgTypography(await layoutDot(dot));
}

/**
 * A small graph that goes through the parts of Graphviz a call graph uses
 * (a title, filled rounded boxes with several lines, double outlines, edge
 * labels, a dashed edge, a back edge). Graphviz's first layouts are several
 * times slower than the next ones (its WebAssembly code and memory warm up);
 * laying this out first makes the real graph's layout nearly as fast as a
 * second one. Its attributes need not track dot.ts: only the code paths matter.
 */
const WARM_UP_DOT = `digraph warm {
  graph [fontname="DejaVu Sans", fontsize=16, label="title\\nsubtitle", labelloc=t, rankdir=TB, ranksep=0.3, nodesep=0.2, pad=0.3];
  node [fontname="DejaVu Sans", fontsize=13, shape=box, style="filled,rounded", margin="0.1,0.05"];
  edge [fontname="DejaVu Sans", fontsize=10];
  a [label="a\\ncalls: 1\\ntotal: 1 ms", fillcolor="#ff0000", penwidth=2, peripheries=2];
  b [label="b\\ncalls: 2", fillcolor="#0f3391", fontcolor="#ffffff"];
  c [label="c\\nfile.js:1", fillcolor="#e9f7cd"];
  d [label="d"];
  a -> b [label="2 calls\\n1 ms", penwidth=3, color="#123456"];
  a -> c [label="1 call", style=dashed];
  b -> d [label="1 call", color="#ff0000:#ffffff:#ff0000"];
  c -> d [label="1 call"];
  d -> b [label="1 call"];
}`;

/**
 * Compiling Graphviz's WebAssembly and its first layouts take longer than
 * laying out a graph once warm: `tsprof run` starts this while the command
 * runs, and `tsprof render` while it reads the profile, so the picture is
 * drawn as soon as its DOT is ready.
 */
export function warmUpGraphviz(): void {
  // Layouts run one at a time, in order (graphviz.ts): a graph sent after this one waits for it, and finds Graphviz warm.
  layoutDot(WARM_UP_DOT).catch(() => undefined);
}
