/**
 * Font sizes shared by the DOT writer and the SVG typography pass.
 *
 * Graphviz sizes every box for its node's one `fontsize`, and plain labels
 * cannot mix sizes or weights (see dot-escape.ts). So toDot lays labels out
 * at a layout size, and tidySvgTypography then draws each line at its own
 * size, never wider than the layout size: the bold name (DejaVu Sans Bold is
 * about 14% wider than regular) at 12 pt fits where 13 pt regular was
 * measured. The .dot file on its own shows every line at the layout size.
 */
export const FONT_FAMILY = 'DejaVu Sans';

export const TITLE_LAYOUT_FONT_SIZE = 16;
export const TITLE_HEADING_FONT_SIZE = 14;
export const TITLE_DETAIL_FONT_SIZE = 12;

export const NODE_LAYOUT_FONT_SIZE = 13;
export const NODE_NAME_FONT_SIZE = 12;
export const NODE_DETAIL_FONT_SIZE = 11;
export const NODE_LOCATION_FONT_SIZE = 10;

export const EDGE_FONT_SIZE = 10;

export const CLUSTER_FONT_SIZE = 12;

/** On the graph: its label's first line is the heading, the others are details. */
export const TITLE_CLASS = 'tsprof-title';
/** On a node: the first line is the name; the others are details. */
export const NODE_CLASS = 'tsprof-node';
/** On a node: the last line is a source location. */
export const LOCATED_NODE_CLASS = 'tsprof-located';
