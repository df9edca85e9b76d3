import type { CallGraph, GraphNode } from '../graph/types';
import { latencyByFunction, type Latency } from '../profile/histogram';
import { shareOf } from '../profile/measures';
import { formatDuration, formatShare, shortenName } from './format';

/**
 * What a box says under its name (`--label`): `times`, the default, its
 * calls, total, self, await and awaited time; `latency`, its calls, total and
 * the 50th and 99th percentiles of its calls' durations (profile/histogram.ts),
 * for the tail an average hides.
 */
export type BoxLabel = 'times' | 'latency';
export const BOX_LABEL_CHOICES: readonly BoxLabel[] = ['times', 'latency'];

export const MAX_NAME_LENGTH = 60;

/** The lines of each box of one graph: name first and location last, which the SVG typography pass relies on. */
export type BoxLines = (node: GraphNode, location: string) => string[];

export function boxLines(graph: CallGraph, label: BoxLabel): BoxLines {
  const latencies = label === 'latency' ? latencyByFunction(graph.contexts.contexts) : undefined;
  return (node, location) => {
    const shareText = (ms: number): string => formatShare(shareOf(ms, graph.referenceMs));
    const lines = [shortenName(node.name, MAX_NAME_LENGTH)];
    if (!node.isRoot) lines.push(`calls: ${node.calls}`);
    lines.push(`total: ${formatDuration(node.totalMs)} (${shareText(node.totalMs)})`);
    if (latencies) {
      const latency = latencies.get(node.id);
      if (latency && !node.isRoot) lines.push(latencyLine(latency));
    } else {
      if (!node.isRoot) lines.push(`self: ${formatDuration(node.selfMs)}`);
      if (node.awaitMs > 0) lines.push(`await: ${formatDuration(node.awaitMs)}`);
      if (node.awaitedMs > 0) lines.push(`awaited: ${formatDuration(node.awaitedMs)} (${shareText(node.awaitedMs)})`);
    }
    if (location !== '') lines.push(location);
    return lines;
  };
}

/** `p50: 1.20 ms, p99: 40.1 ms`. */
export function latencyLine(latency: Latency): string {
  return `p50: ${formatDuration(latency.p50)}, p99: ${formatDuration(latency.p99)}`;
}

/** The title's line for a picture labelled by latency: what the numbers are, and when there are none. */
export function latencyLegend(graph: CallGraph): string {
  const recorded = graph.contexts.contexts.some((context) => context.durations && context.durations.length > 0);
  return recorded
    ? 'p50, p99: half, and 99 in 100, of the calls took at most this long (await included; buckets within 3.2%)'
    : 'p50, p99: this profile recorded no call durations (made before they were, or version 1)';
}
