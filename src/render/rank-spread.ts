import { CallGraph, GraphEdge } from '../graph/types';

/** A function that is the only caller of more functions than this gets them spread over several ranks. */
const WIDE_FAN_OUT = 8;
/** Over how many ranks: Graphviz's unflatten uses 3 by default too. */
const SPREAD_RANKS = 3;

/**
 * Graphviz puts every callee one rank below its caller, so a function that
 * calls many others on its own makes one very wide rank: the root, whose
 * callees are every event-loop callback, drew the bundled fixture 3 times as
 * wide as high. As Graphviz's `unflatten -l` does, the callees that only this
 * function calls are spread over three ranks (Graphviz's `minlen` on their
 * arrows), heaviest first, so the heaviest stays right below its caller.
 * On the fixture unpruned (57 boxes) the picture went from 4475 x 1498 to
 * 3220 x 1781 pt; graphs without such a fan-out are drawn as before.
 *
 * Returns the arrows to lengthen and their length in ranks.
 */
export function spreadWideFanOuts(graph: CallGraph): Map<GraphEdge, number> {
  const callers = new Map<number, number>();
  for (const edge of graph.edges) callers.set(edge.callee, (callers.get(edge.callee) ?? 0) + 1);
  const ownCallees = new Map<number, GraphEdge[]>();
  for (const edge of graph.edges) {
    if (edge.callee === graph.rootId || edge.callee === edge.caller || callers.get(edge.callee) !== 1) continue;
    const list = ownCallees.get(edge.caller);
    if (list) list.push(edge);
    else ownCallees.set(edge.caller, [edge]);
  }
  const lengths = new Map<GraphEdge, number>();
  for (const edges of ownCallees.values()) {
    if (edges.length <= WIDE_FAN_OUT) continue;
    const heaviestFirst = [...edges].sort((a, b) => b.weightMs - a.weightMs || a.callee - b.callee);
    heaviestFirst.forEach((edge, index) => {
      if (index % SPREAD_RANKS > 0) lengths.set(edge, 1 + (index % SPREAD_RANKS));
    });
  }
  return lengths;
}
