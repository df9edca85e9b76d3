import { heavierNodeFirst } from './adjacency';
import { keepOnlyNodes } from './prune';
import { CallGraph, GraphNode } from './types';

export interface MaxNodesOptions {
  /** Keep at most this many functions besides the root; 0 = no limit. */
  maxNodes: number;
  nodeThreshold: number;
  edgeThreshold: number;
  /** Kept beyond the cap. */
  alwaysShown?: (node: GraphNode) => boolean;
}

/**
 * Caps the number of boxes. Dot layouts of a few hundred boxes are slow and
 * unreadable; pprof and gprof2dot cap or prune them too. The places go by
 * turns to two rankings:
 *  - by the work a function led to (causedMs, then its own weight): the
 *    skeleton of the program, `main → transpile → emit`, as gprof2dot keeps;
 *  - by self time: where the CPU actually went, the small leaves such as a
 *    `binarySearch` called a million times, which pprof keeps, and which the
 *    first ranking alone would push out of a large program's picture.
 * Connections through the dropped functions are kept by prune.ts, so a leaf
 * kept for its self time hangs off its nearest kept ancestor.
 */
export function keepHeaviestNodes(graph: CallGraph, options: MaxNodesOptions): CallGraph {
  const functions = graph.nodes.filter((node) => !node.isRoot);
  const setting = options.maxNodes > 0 ? `max nodes ${options.maxNodes}` : 'no max nodes';
  if (options.maxNodes <= 0 || functions.length <= options.maxNodes) return { ...graph, settings: [...graph.settings, setting] };
  const kept = takeInTurns([[...functions].sort(heavierNodeFirst), [...functions].sort(moreSelfTimeFirst)], options.maxNodes);
  for (const node of functions) if (options.alwaysShown?.(node)) kept.add(node.id);
  return keepOnlyNodes(graph, kept, options, `beyond the ${options.maxNodes} heaviest`, setting);
}

function moreSelfTimeFirst(a: GraphNode, b: GraphNode): number {
  return b.selfMs - a.selfMs || heavierNodeFirst(a, b);
}

/** The first `count` distinct ids, taking the next one from each ranking in turn. */
function takeInTurns(rankings: GraphNode[][], count: number): Set<number> {
  const taken = new Set<number>();
  const next = rankings.map(() => 0);
  while (taken.size < count) {
    let progressed = false;
    rankings.forEach((ranking, index) => {
      while (next[index] < ranking.length && taken.has(ranking[next[index]].id)) next[index]++;
      if (taken.size < count && next[index] < ranking.length) {
        taken.add(ranking[next[index]].id);
        progressed = true;
      }
    });
    if (!progressed) break;
  }
  return taken;
}
