import { relativeChange } from '../profile/measures';
import { readableOnWhite, solidColours, type Hsl } from '../render/colour';
import type { CallGraph, GraphEdge, GraphNode } from '../graph/types';
import { functionView } from '../profile/derive';
import { isProgramFunction } from '../profile/identity';
import type { Profile } from '../profile/types';
import type { DotDecoration, NodeDecoration } from '../render/dot';
import { formatCalls, formatCount, formatDuration } from '../render/format';
import { compareCounts, type FunctionDiff, type ProfileDiff } from './diff';
import { comparableKey } from './runs';
import { formatChange } from './verdict-format';
import { claimsChange, unjudgedReason } from './verdict';

/**
 * The diff as a picture: the head's call graph, drawn by the usual graph and
 * render stages, with boxes and arrows coloured by change instead of heat.
 *
 *   slower / more calls   warm: pale orange to red as the change grows to x2
 *   faster / fewer calls  cool: pale blue to deep blue as it shrinks to x0.5
 *   unchanged             grey
 *   new in the head       red, with a thick dashed border (arrows: dashed, "new")
 *
 * A box takes the colour of its judged change in self, total or p99 time (several runs per side)
 * and otherwise of its change in calls, which is exact; time differences not
 * beyond run-to-run noise leave a box grey.
 */

const GREY: Hsl = { hue: 0, saturation: 0, lightness: 0.9 };
const WARM_HUE = 0.03;
const COOL_HUE = 0.6;

/** log2 of the ratio, clamped: a doubling (or halving) is the full colour. */
function strength(ratio: number): number {
  if (!Number.isFinite(ratio)) return 1;
  if (ratio <= 0) return 1;
  return Math.min(1, Math.abs(Math.log2(ratio)));
}

function changeHsl(direction: 'up' | 'down' | 'same', ratio: number): Hsl {
  if (direction === 'same') return GREY;
  const position = 0.25 + 0.75 * strength(ratio);
  return { hue: direction === 'up' ? WARM_HUE : COOL_HUE, saturation: 0.85, lightness: 0.92 - 0.42 * position };
}

type Direction = 'up' | 'down' | 'same';

/** Which change colours a function, and by how much: judged time first, then exact calls. */
function functionChange(entry: FunctionDiff | undefined): { direction: Direction; ratio: number; marked: boolean } {
  if (!entry || entry.calls === 'new') return { direction: 'up', ratio: Infinity, marked: true };
  for (const verdict of [entry.time?.selfMs, entry.time?.totalMs, entry.time?.p99Ms]) {
    if (claimsChange(verdict)) {
      return { direction: verdict.verdict === 'slower' ? 'up' : 'down', ratio: 1 + verdict.change, marked: false };
    }
  }
  if ((entry.calls === 'more' || entry.calls === 'fewer') && entry.base && entry.head) {
    return { direction: entry.calls === 'more' ? 'up' : 'down', ratio: entry.base.calls > 0 ? entry.head.calls / entry.base.calls : Infinity, marked: false };
  }
  return { direction: 'same', ratio: 1, marked: false };
}

function timeLine(label: string, base: number, head: number): string {
  const change = relativeChange(base, head);
  return `${label}: ${formatDuration(base)} -> ${formatDuration(head)} (${formatChange(change)})`;
}

function nodeLines(entry: FunctionDiff | undefined, node: GraphNode): string[] {
  if (!entry || !entry.base || !entry.head) {
    return ['NEW', `calls: ${formatCount(entry?.head?.calls ?? node.calls)}`, `self: ${formatDuration(node.selfMs)}`, `total: ${formatDuration(node.totalMs)}`];
  }
  const delta = entry.head.calls - entry.base.calls;
  const callsLine = `calls: ${formatCount(entry.base.calls)} -> ${formatCount(entry.head.calls)}${delta === 0 ? '' : ` (${delta > 0 ? '+' : ''}${formatCount(delta)})`}`;
  const lines = [callsLine, timeLine('self', entry.base.selfMs, entry.head.selfMs), timeLine('total', entry.base.totalMs, entry.head.totalMs)];
  if (entry.base.p99Ms !== undefined && entry.head.p99Ms !== undefined) lines.push(timeLine('p99', entry.base.p99Ms, entry.head.p99Ms));
  const { selfMs: self, totalMs: total, p99Ms: p99 } = entry.time ?? {};
  // Unjudged times are said once, in the legend, not in every box.
  if (self && self.verdict !== 'not judged') {
    const judged = [
      self.verdict !== 'unchanged' ? `self ${self.verdict}` : '',
      total && total.verdict !== 'unchanged' ? `total ${total.verdict}` : '',
      p99 && claimsChange(p99) ? `p99 ${p99.verdict}` : '',
    ].filter(Boolean);
    lines.push(judged.length > 0 ? judged.join(', ') : 'time within noise');
  }
  return lines;
}

/** A continuation (async) is a pair of its own, apart from synchronous calls between the same functions. */
const edgeKey = (caller: string, callee: string, async = false): string => `${caller}\u0001${callee}${async ? '\u0001async' : ''}`;

/** Each caller → callee arrow's calls in each run (0 in a run without it), by the functions' comparable keys. */
function edgeCallsPerRun(profiles: readonly Profile[], rename: (key: string) => string = (key) => key): Map<string, number[]> {
  const perEdge = new Map<string, number[]>();
  profiles.forEach((profile, run) => {
    const view = functionView(profile);
    // The root (and tsprof's instrumenting node) has no partner in the identity match: it is the same on both sides.
    const keys = new Map(view.nodes.map((node) => [node.id, isProgramFunction(node) ? rename(comparableKey(node)) : comparableKey(node)]));
    for (const edge of view.edges) {
      const key = edgeKey(keys.get(edge.caller)!, keys.get(edge.callee)!, edge.async === true);
      let calls = perEdge.get(key);
      if (!calls) {
        calls = new Array<number>(profiles.length).fill(0);
        perEdge.set(key, calls);
      }
      calls[run] += edge.calls;
    }
  });
  return perEdge;
}

/** The runs the diff was made from: every base and head profile, in the order given. */
export interface DiffProfiles {
  base: readonly Profile[];
  head: readonly Profile[];
  /** A base function's key as the head's (compare/runs.ts headKeyOfBase), so that an arrow between moved functions is no new arrow. */
  baseKeyToHead?: (key: string) => string;
}

/**
 * The decoration that colours the head's graph (drawn from the first head
 * run) by what changed since the base (see render/dot.ts). Arrows compare
 * their calls over every run of each side, as boxes do: a count that already
 * varies between the runs of one side is a change only when the ranges part.
 */
export function changeDecoration(diff: ProfileDiff, profiles: DiffProfiles, headGraph: CallGraph): DotDecoration {
  const byKey = new Map(diff.functions.map((entry) => [comparableKey({ ...entry.place }), entry]));
  const baseEdges = edgeCallsPerRun(profiles.base, profiles.baseKeyToHead);
  const headEdges = edgeCallsPerRun(profiles.head);
  const baseProfile = profiles.base[0];
  const graphNodes = new Map(headGraph.nodes.map((node) => [node.id, node]));
  const vanished = diff.functions.filter((entry) => entry.calls === 'vanished').map((entry) => entry.place.name);
  const legend = [
    'colour: change since the base; warm: slower or more calls, cool: faster or fewer calls (full colour at x2 or x0.5), grey: unchanged',
    'time colours only when judged beyond run-to-run noise (several runs per side); calls are exact',
    'thick dashed border or dashed arrow: new since the base; width: time as share of wall time',
  ];
  const unjudged = unjudgedReason(diff.base.sources.length, diff.head.sources.length, diff.settings);
  if (unjudged) legend.push(`times not judged (${unjudged}): colours show changes in calls only`);
  if (diff.functions.some((entry) => entry.base?.p99Ms !== undefined && entry.head?.p99Ms !== undefined)) {
    legend.push("p99: the 99th percentile of a function's call durations (one call in a hundred took longer), judged as times are");
  }
  if (vanished.length > 0) legend.push(`vanished since the base: ${vanished.slice(0, 8).join(', ')}${vanished.length > 8 ? ` and ${vanished.length - 8} more` : ''}`);
  if (diff.base.sources.length > 1 || diff.head.sources.length > 1) {
    legend.push(`boxes and arrows: medians of ${diff.base.sources.length} base and ${diff.head.sources.length} head runs; counts that vary between runs change only when the ranges part`);
  }
  return {
    legend,
    node(node: GraphNode): NodeDecoration | undefined {
      if (node.isRoot) {
        return { colours: solidColours(GREY), lines: [`wall: ${formatDuration(baseProfile.wallMs)} -> ${formatDuration(headGraph.wallMs)}`], marked: false };
      }
      const entry = byKey.get(comparableKey(node));
      const change = functionChange(entry);
      return { colours: solidColours(changeHsl(change.direction, change.ratio)), lines: nodeLines(entry, node), marked: change.marked };
    },
    edge(edge: GraphEdge) {
      const caller = graphNodes.get(edge.caller);
      const callee = graphNodes.get(edge.callee);
      if (!caller || !callee) return undefined;
      // Raw calls (not divided by --per), over every run of each side.
      const key = edgeKey(comparableKey(caller), comparableKey(callee), edge.async === true);
      const compared = compareCounts(baseEdges.get(key) ?? null, headEdges.get(key) ?? [edge.calls]);
      const base = compared.base?.calls ?? 0;
      const head = compared.head?.calls ?? edge.calls;
      const direction: Direction = compared.calls === 'new' || compared.calls === 'more' ? 'up' : compared.calls === 'fewer' ? 'down' : 'same';
      const hsl = changeHsl(direction, base > 0 ? head / base : Infinity);
      const colour = direction === 'same' ? { ...hsl, lightness: 0.55 } : hsl;
      const isNew = compared.calls === 'new';
      const label = isNew ? ['new', formatCalls(head)] : base === head ? [formatCalls(head)] : [`${formatCount(base)} -> ${formatCalls(head)}${compared.calls === 'varies' ? ' (varies)' : ''}`];
      return { colour: solidColours({ ...colour, lightness: Math.min(colour.lightness, 0.6) }).fill, labelColour: readableOnWhite(colour), label, marked: isNew };
    },
  };
}
