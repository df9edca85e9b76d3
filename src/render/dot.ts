import { edgeStyle, nodeColours } from '../graph/colour';
import { CallGraph, GraphEdge, GraphNode } from '../graph/types';
import { quoteDotLabel, quoteDotString } from './dot-escape';
import { formatCalls, formatCommand, formatDuration, formatLocation, formatPercent, shortenName } from './format';
import {
  EDGE_FONT_SIZE,
  FONT_FAMILY,
  LOCATED_NODE_CLASS,
  NODE_CLASS,
  NODE_LAYOUT_FONT_SIZE,
  TITLE_CLASS,
  TITLE_LAYOUT_FONT_SIZE,
} from './typography';

export interface DotOptions {
  /** First line of the title; defaults to `tsprof: <command>`. The wall time is always added below it. */
  title?: string;
  /** Paths inside this directory are shown relative to it; defaults to process.cwd(). */
  cwd?: string;
}

const MAX_NAME_LENGTH = 60;
/** Hot path edges are drawn at least this wide, so that a light hot edge still reads as bold. */
const HOT_EDGE_MIN_PEN_WIDTH = 3;
const HOT_NODE_PEN_WIDTH = 3;
const HOT_BORDER_COLOUR = '#000000';
/**
 * Graphviz puts an edge label right against the edge and ignores its pen
 * width, so thick edges cover the first letters. Leading spaces widen the
 * label box and the centred text moves off the line.
 */
const EDGE_LABEL_INDENT = '    ';

/**
 * Writes the call graph as Graphviz DOT: one box per function, filled with
 * its heat colour, one arrow per caller→callee pair, top to bottom. Every
 * string from the profile goes through the escaping in dot-escape.ts.
 */
export function toDot(graph: CallGraph, options: DotOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const font = quoteDotString(FONT_FAMILY);
  const lines = [
    'digraph tsprof {',
    `  graph [${graphAttributes(graph, options)}];`,
    `  node [fontname=${font}, fontsize=${NODE_LAYOUT_FONT_SIZE}, shape=box, style="filled,rounded", margin="0.15,0.08", penwidth=1];`,
    `  edge [fontname=${font}, fontsize=${EDGE_FONT_SIZE}];`,
    '',
    ...graph.nodes.map((node) => `  ${nodeId(node.id)} [${nodeAttributes(node, cwd)}];`),
    '',
    ...graph.edges.map((edge) => `  ${nodeId(edge.caller)} -> ${nodeId(edge.callee)} [${edgeAttributes(edge)}];`),
    '}',
    '',
  ];
  return lines.join('\n');
}

function graphAttributes(graph: CallGraph, options: DotOptions): string {
  const heading = options.title ?? `tsprof: ${formatCommand(graph.command)}`;
  const facts = [`wall time ${formatDuration(graph.wallMs)}`];
  if (graph.totalMs > graph.wallMs) facts.push(`instrumented time ${formatDuration(graph.totalMs)} (async calls overlap)`);
  if (graph.startedAt) facts.push(`started ${graph.startedAt}`);
  return attributeList({
    class: quoteDotString(TITLE_CLASS),
    fontname: quoteDotString(FONT_FAMILY),
    fontsize: String(TITLE_LAYOUT_FONT_SIZE),
    label: quoteDotLabel([heading, facts.join(', '), ...legend(graph)]),
    labelloc: 't',
    rankdir: 'TB',
    ranksep: '0.45',
    nodesep: '0.35',
    pad: '0.3',
    bgcolor: quoteDotString('white'),
  });
}

/** Only what this graph shows is explained; generated text stays ASCII, as formatCalls explains. */
function legend(graph: CallGraph): string[] {
  const marks = [];
  if (graph.edges.some((edge) => edge.hot)) marks.push('bold: hot path');
  if (graph.edges.some((edge) => edge.elided)) marks.push('dashed: through pruned nodes');
  return ['colour and edge width: share of total time, blue (cold) to red (hot)', ...(marks.length > 0 ? [marks.join(', ')] : [])];
}

function nodeAttributes(node: GraphNode, cwd: string): string {
  const colours = nodeColours(node.totalShare);
  const location = formatLocation(node.file, node.line, cwd);
  const classes = location === '' ? NODE_CLASS : `${NODE_CLASS} ${LOCATED_NODE_CLASS}`;
  const attributes: Record<string, string> = {
    class: quoteDotString(classes),
    label: quoteDotLabel(nodeLabelLines(node, location)),
    fillcolor: quoteDotString(colours.fill),
    fontcolor: quoteDotString(colours.text),
    color: quoteDotString(node.hot ? HOT_BORDER_COLOUR : colours.border),
    tooltip: quoteDotString(nodeTooltip(node)),
  };
  if (node.hot) attributes.penwidth = String(HOT_NODE_PEN_WIDTH);
  return attributeList(attributes);
}

/** Name first and location last: the SVG typography pass relies on that order. */
function nodeLabelLines(node: GraphNode, location: string): string[] {
  const lines = [shortenName(node.name, MAX_NAME_LENGTH)];
  if (!node.isRoot) lines.push(`calls: ${node.calls}`);
  lines.push(`total: ${formatDuration(node.totalMs)} (${formatPercent(node.totalShare)})`);
  if (!node.isRoot) lines.push(`self: ${formatDuration(node.selfMs)}`);
  if (node.awaitMs > 0) lines.push(`await: ${formatDuration(node.awaitMs)}`);
  if (location !== '') lines.push(location);
  return lines;
}

/** The SVG's hover text: the full name and path, which the label may have shortened. */
function nodeTooltip(node: GraphNode): string {
  const lines = [node.name];
  if (node.file !== '') lines.push(node.line > 0 ? `${node.file}:${node.line}` : node.file);
  if (node.processes && node.processes.length > 0) lines.push(`processes: ${node.processes.join(', ')}`);
  return lines.join('\n');
}

function edgeAttributes(edge: GraphEdge): string {
  const style = edgeStyle(edge.share);
  const penWidth = edge.hot ? Math.max(style.penWidth, HOT_EDGE_MIN_PEN_WIDTH) : style.penWidth;
  const styles = [edge.hot ? 'bold' : '', edge.elided ? 'dashed' : ''].filter((name) => name !== '');
  const attributes: Record<string, string> = {
    label: quoteDotLabel([formatCalls(edge.calls), formatDuration(edge.totalMs)].map((line) => EDGE_LABEL_INDENT + line)),
    color: quoteDotString(style.colour),
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

/** Values arrive already quoted; numbers and keywords need no quotes. */
function attributeList(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}
