import { ColorBy, edgeHeatShare, edgeStyle, hollowNodeColours, nodeColours, nodeHeatShare, type NodeColours } from './colour';
import { CallGraph, GraphEdge, GraphNode } from '../graph/types';
import { isMostlyAwaited, isMostlyWaiting } from './waiting';
import { attributeList, EDGE_LABEL_INDENT, quoteDotLabel, quoteDotString } from './dot-escape';
import { flowDotLines } from './dot-flows';
import { formatCalls, formatDuration, formatLocation, formatShortLocation, shortenName } from './format';
import { boxLines, MAX_NAME_LENGTH, type BoxLabel, type BoxLines } from './box-label';
import { spreadWideFanOuts } from './rank-spread';
import { titleLines } from './title';
import {
  CLUSTER_FONT_SIZE,
  EDGE_FONT_SIZE,
  FONT_FAMILY,
  LOCATED_NODE_CLASS,
  NODE_CLASS,
  NODE_LAYOUT_FONT_SIZE,
  TITLE_CLASS,
  TITLE_LAYOUT_FONT_SIZE,
} from './typography';

export interface DotOptions {
  /** First line of the title; defaults to `tsprof: <command>`. */
  title?: string;
  /** Paths inside this directory are shown relative to it; defaults to process.cwd(). */
  cwd?: string;
  /** Which number the heat colour shows; default 'total'. */
  colorBy?: ColorBy;
  /** Colours and labels of another meaning than heat (tsprof diff colours by change); what it leaves undefined is drawn as usual. */
  decoration?: DotDecoration;
  /** What a box says under its name (box-label.ts); default 'times'. */
  label?: BoxLabel;
}

/** How a picture restyles boxes and arrows; see DotOptions.decoration. */
export interface DotDecoration {
  /** Replaces the heat legend in the title. */
  legend: string[];
  node(node: GraphNode): NodeDecoration | undefined;
  edge(edge: GraphEdge): EdgeDecoration | undefined;
}

export interface NodeDecoration {
  colours: NodeColours;
  /** The lines between the name and the location, instead of the numbers. */
  lines: string[];
  /** A dashed, thick border: something the base did not have. */
  marked: boolean;
}

export interface EdgeDecoration {
  colour: string;
  labelColour: string;
  label: string[];
  marked: boolean;
}

/** Hot path edges are drawn at least this wide, so that a light hot edge still reads as bold. */
const HOT_EDGE_MIN_PEN_WIDTH = 3;
const HOT_BORDER_COLOUR = '#000000';
const HOT_BORDER_PEN_WIDTH = 2;
/** A hollow box's border carries its heat colour, so it is drawn thick. */
const HOLLOW_BORDER_PEN_WIDTH = 3.5;
/** An awaited call is two parallel lines; each is thinner so the pair is about as wide as a solid edge. */
const AWAITED_PEN_WIDTH_FACTOR = 0.55;

/**
 * Writes the call graph as Graphviz DOT: one box per function, coloured by
 * its heat (colour.ts), solid when it mostly ran and hollow when it
 * mostly waited; one arrow per caller→callee pair, a double line when the
 * caller awaited it; top to bottom, in clusters when the graph is grouped;
 * message flows last, as arrows of their own kind (dot-flows.ts).
 * Every string from the profile goes through the escaping in dot-escape.ts.
 */
export function toDot(graph: CallGraph, options: DotOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const colorBy = options.colorBy ?? 'total';
  const font = quoteDotString(FONT_FAMILY);
  const decoration = options.decoration;
  const lines = boxLines(graph, options.label ?? 'times');
  const nodeLine = (node: GraphNode, indent: string): string => {
    const decorated = decoration?.node(node);
    return `${indent}${nodeId(node.id)} [${decorated ? decoratedNodeAttributes(graph, node, cwd, decorated) : nodeAttributes(graph, node, cwd, colorBy, lines)}];`;
  };
  const ranks = spreadWideFanOuts(graph);
  const edgeLine = (edge: GraphEdge): string => {
    const decorated = decoration?.edge(edge);
    const length = ranks.has(edge) ? `, minlen=${ranks.get(edge)}` : '';
    return `  ${nodeId(edge.caller)} -> ${nodeId(edge.callee)} [${decorated ? decoratedEdgeAttributes(graph, edge, decorated, colorBy) : edgeAttributes(graph, edge, colorBy)}${length}];`;
  };
  return [
    'digraph tsprof {',
    `  graph [${graphAttributes(graph, options, colorBy)}];`,
    `  node [fontname=${font}, fontsize=${NODE_LAYOUT_FONT_SIZE}, shape=box, style="filled,rounded", margin="0.1,0.05", penwidth=1];`,
    `  edge [fontname=${font}, fontsize=${EDGE_FONT_SIZE}];`,
    '',
    ...graph.nodes.filter((node) => node.group === undefined).map((node) => nodeLine(node, '  ')),
    ...clusters(graph, cwd).flatMap((cluster, index) => [
      '',
      `  subgraph cluster_${index} {`,
      `    graph [label=${quoteDotLabel([cluster.label])}, fontname=${font}, fontsize=${CLUSTER_FONT_SIZE}, labeljust=l, style="rounded,filled", fillcolor="#f6f6f6", color="#b8b8b8", penwidth=1];`,
      ...cluster.nodes.map((node) => nodeLine(node, '    ')),
      '  }',
    ]),
    '',
    ...graph.edges.map(edgeLine),
    ...flowDotLines(graph),
    '}',
    '',
  ].join('\n');
}

function graphAttributes(graph: CallGraph, options: DotOptions, colorBy: ColorBy): string {
  return attributeList({
    class: quoteDotString(TITLE_CLASS),
    fontname: quoteDotString(FONT_FAMILY),
    fontsize: String(TITLE_LAYOUT_FONT_SIZE),
    label: quoteDotLabel(titleLines(graph, { title: options.title, colorBy, legend: options.decoration?.legend, label: options.label })),
    labelloc: 't',
    // Top to bottom, close together: measured on 30- to 70-box graphs of real apps,
    // left to right was 2-4 times wider than high, and wider gaps cost 5% of the zoom that fits a screen.
    rankdir: 'TB',
    ranksep: '0.3',
    nodesep: '0.2',
    pad: '0.3',
    bgcolor: quoteDotString('white'),
  });
}

interface Cluster {
  label: string;
  nodes: GraphNode[];
}

/** Clusters in the order their first node appears, so that output is deterministic. */
function clusters(graph: CallGraph, cwd: string): Cluster[] {
  const byLabel = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    if (node.group === undefined) continue;
    const list = byLabel.get(node.group);
    if (list) list.push(node);
    else byLabel.set(node.group, [node]);
  }
  const isPath = graph.groupBy === 'file' || graph.groupBy === 'module';
  return [...byLabel].map(([label, nodes]) => ({ label: isPath ? formatLocation(label, 0, cwd) : label, nodes }));
}

function nodeLocation(graph: CallGraph, node: GraphNode, cwd: string): string {
  const inPathCluster = node.group !== undefined && (graph.groupBy === 'file' || graph.groupBy === 'module');
  return inPathCluster ? formatShortLocation(node.file, node.line) : formatLocation(node.file, node.line, cwd);
}

function nodeAttributes(graph: CallGraph, node: GraphNode, cwd: string, colorBy: ColorBy, lines: BoxLines): string {
  const share = nodeHeatShare(node, colorBy, graph.referenceMs);
  const hollow = isMostlyWaiting(node);
  const colours = hollow ? hollowNodeColours(share) : nodeColours(share);
  const location = nodeLocation(graph, node, cwd);
  const classes = location === '' ? NODE_CLASS : `${NODE_CLASS} ${LOCATED_NODE_CLASS}`;
  const attributes: Record<string, string> = {
    class: quoteDotString(classes),
    label: quoteDotLabel(lines(node, location)),
    fillcolor: quoteDotString(colours.fill),
    fontcolor: quoteDotString(colours.text),
    color: quoteDotString(node.hot && !hollow ? HOT_BORDER_COLOUR : colours.border),
    tooltip: quoteDotString(nodeTooltip(node)),
  };
  if (hollow) attributes.penwidth = String(HOLLOW_BORDER_PEN_WIDTH);
  else if (node.hot) attributes.penwidth = String(HOT_BORDER_PEN_WIDTH);
  if (node.hot) attributes.peripheries = '2';
  return attributeList(attributes);
}

/** A box restyled by a decoration: its colours and lines, still name first and location last. */
function decoratedNodeAttributes(graph: CallGraph, node: GraphNode, cwd: string, decorated: NodeDecoration): string {
  const location = nodeLocation(graph, node, cwd);
  const lines = [shortenName(node.name, MAX_NAME_LENGTH), ...decorated.lines, ...(location === '' ? [] : [location])];
  const attributes: Record<string, string> = {
    class: quoteDotString(location === '' ? NODE_CLASS : `${NODE_CLASS} ${LOCATED_NODE_CLASS}`),
    label: quoteDotLabel(lines),
    fillcolor: quoteDotString(decorated.colours.fill),
    fontcolor: quoteDotString(decorated.colours.text),
    color: quoteDotString(decorated.colours.border),
    tooltip: quoteDotString(nodeTooltip(node)),
  };
  if (decorated.marked) {
    attributes.style = quoteDotString('filled,rounded,dashed');
    attributes.penwidth = String(HOLLOW_BORDER_PEN_WIDTH);
  }
  return attributeList(attributes);
}

/** An arrow restyled by a decoration; its width still shows its weight. */
function decoratedEdgeAttributes(graph: CallGraph, edge: GraphEdge, decorated: EdgeDecoration, colorBy: ColorBy): string {
  const style = edgeStyle(edgeHeatShare(edge, colorBy, graph.referenceMs));
  const attributes: Record<string, string> = {
    label: quoteDotLabel(decorated.label.map((line) => EDGE_LABEL_INDENT + line)),
    color: quoteDotString(decorated.colour),
    fontcolor: quoteDotString(decorated.labelColour),
    penwidth: Math.max(style.penWidth, decorated.marked ? HOT_EDGE_MIN_PEN_WIDTH : 0).toFixed(2),
    arrowsize: style.arrowSize.toFixed(2),
  };
  if (decorated.marked) attributes.style = quoteDotString('dashed');
  return attributeList(attributes);
}

/** The SVG's hover text: the full name and path, which the label may have shortened. */
function nodeTooltip(node: GraphNode): string {
  const lines = [node.name];
  if (node.file !== '') lines.push(node.line > 0 ? `${node.file}:${node.line}` : node.file);
  if (node.processes && node.processes.length > 0) lines.push(`processes: ${node.processes.join(', ')}`);
  return lines.join('\n');
}

function edgeAttributes(graph: CallGraph, edge: GraphEdge, colorBy: ColorBy): string {
  const style = edgeStyle(edgeHeatShare(edge, colorBy, graph.referenceMs));
  const awaited = isMostlyAwaited(edge);
  const boldWidth = edge.hot ? Math.max(style.penWidth, HOT_EDGE_MIN_PEN_WIDTH) : style.penWidth;
  const penWidth = awaited ? boldWidth * AWAITED_PEN_WIDTH_FACTOR : boldWidth;
  // Dashed already means "through hidden functions"; a continuation is dotted, also when it is elided.
  const styles = [edge.hot ? 'bold' : '', edge.async ? 'dotted' : edge.elided ? 'dashed' : ''].filter((name) => name !== '');
  const label = [formatCalls(edge.calls), formatDuration(edge.totalMs)];
  if (edge.awaitMs > 0) label.push(`awaited ${formatDuration(edge.awaitMs)}`);
  const attributes: Record<string, string> = {
    label: quoteDotLabel(label.map((line) => EDGE_LABEL_INDENT + line)),
    // `c:invis:c` draws two parallel lines with a gap: the hollow edge of an awaited call.
    color: quoteDotString(awaited ? `${style.colour}:invis:${style.colour}` : style.colour),
    fontcolor: quoteDotString(style.labelColour),
    penwidth: penWidth.toFixed(2),
    arrowsize: style.arrowSize.toFixed(2),
  };
  if (styles.length > 0) attributes.style = quoteDotString(styles.join(','));
  return attributeList(attributes);
}

function nodeId(id: number): string {
  return `n${id}`;
}
