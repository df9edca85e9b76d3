import type { GraphOptions } from '../graph/options';
import type { GroupBy } from '../graph/types';
import { SELECTION_FLAGS, type Selection } from '../profile/select';
import type { Profile } from '../profile/types';
import type { ColorBy } from './colour';
import type { BoxLabel } from './box-label';

/**
 * What `calls.html` carries for its script (src/render/html/page): the whole
 * profile, so that the page can select again, and the view options of the
 * command line that wrote it, so that the page starts where the PNG would.
 * Plain JSON: patterns travel as their source and flags, the package lookup
 * of `--group package` as a table made on the writer's side.
 */
export interface PageData {
  profile: Profile;
  view: PageView;
}

export interface PageView {
  nodeThreshold: number;
  edgeThreshold: number;
  maxNodes: number;
  group: GroupBy;
  hotPath: boolean;
  /** --root, --ignore, --focus as the command line gave them. */
  selection: Partial<Record<keyof Selection, PatternSource>>;
  colorBy: ColorBy;
  /** What boxes say under their names (--label). */
  label: BoxLabel;
  /** Paths inside it are shown relative to it, as in the PNG. */
  cwd: string;
  /** `--group package`: the npm package of each file of the profile that has one. */
  packages?: Record<string, string>;
}

/**
 * What the diff page (`tsprof diff -o diff.html`) carries for its script
 * (html/page/diff-main.ts): the heading and summary diff prints, and its table
 * of functions, made by compare/ (which owns what a change and a verdict are)
 * as cells to show and values to sort by. The graph is the SVG diff draws.
 */
export interface DiffPageData {
  heading: string;
  summary: string[];
  table: PageTable;
}

export interface PageTable {
  columns: PageColumn[];
  rows: PageRow[];
  /** The column the table is first sorted by, descending. */
  sortKey: string;
}

export interface PageColumn {
  key: string;
  title: string;
  numeric: boolean;
}

export interface PageRow {
  /** The function's box in the graph (render/dot.ts names it n<id>); negative for a function with no box (vanished). */
  id: number;
  name: string;
  /** One per column, in the columns' order: what the cell shows, and what it sorts by. */
  cells: string[];
  values: Array<number | string>;
}

export interface PatternSource {
  source: string;
  flags: string;
}

/** What the writer knows of the command line's view (cli/view-options.ts ViewOptions, less what only the PNG needs). */
export interface PageViewOptions {
  selection: Selection;
  graph: GraphOptions;
  colorBy: ColorBy;
  label: BoxLabel;
  cwd: string;
}

export function pageView(options: PageViewOptions, files: readonly string[]): PageView {
  const { graph } = options;
  const selection: PageView['selection'] = {};
  for (const flag of SELECTION_FLAGS) {
    const pattern = options.selection[flag];
    if (pattern) selection[flag] = { source: pattern.source, flags: pattern.flags };
  }
  const view: PageView = {
    nodeThreshold: graph.nodeThreshold,
    edgeThreshold: graph.edgeThreshold,
    maxNodes: graph.maxNodes,
    group: graph.group,
    hotPath: graph.hotPath,
    selection,
    colorBy: options.colorBy,
    label: options.label,
    cwd: options.cwd,
  };
  if (graph.group === 'package' && graph.packageOf) {
    const packageOf = graph.packageOf;
    view.packages = Object.fromEntries(files.flatMap((file) => {
      const name = packageOf(file);
      return name === undefined ? [] : [[file, name]];
    }));
  }
  return view;
}

/** The graph steps' options back from a page view. */
export function graphOptionsOf(view: PageView): GraphOptions {
  const packages = view.packages;
  return {
    nodeThreshold: view.nodeThreshold,
    edgeThreshold: view.edgeThreshold,
    maxNodes: view.maxNodes,
    group: view.group,
    hotPath: view.hotPath,
    ...(packages ? { packageOf: (file: string) => packages[file] } : {}),
  };
}

/** The command line's selection back from a page view. */
export function selectionOf(view: PageView): Selection {
  const selection: Selection = {};
  for (const flag of SELECTION_FLAGS) {
    const source = view.selection[flag];
    if (source) selection[flag] = new RegExp(source.source, source.flags);
  }
  return selection;
}
