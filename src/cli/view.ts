import { relative } from 'node:path';
import { buildCallGraph } from '../graph/build';
import { matchingNodes } from '../graph/select';
import { applyGraphSteps, SELECTION_STEP_NAMES } from '../graph/steps';
import type { CallGraph } from '../graph/types';
import type { AnyProfile } from '../profile/types';
import { formatReport } from '../render/report';
import { formatTree } from '../render/tree';
import { renderToFile, WrittenFile } from '../render/output';
import { UserError } from './errors';
import type { ReportChoice, ViewOptions } from './view-options';

/**
 * The graph and render part shared by `run`, `render` and `report`: profile
 * → call graph → steps → picture or table. `source` names the profile in
 * messages, so the user knows which file to look into.
 */

/** The graph as drawn: selected, pruned, hot path marked, grouped. */
export function pictureGraph(profile: AnyProfile, view: ViewOptions, source: string): CallGraph {
  const graph = buildCallGraph(profile);
  checkPatternsMatch(graph, view, source);
  return applyGraphSteps(graph, view.graph);
}

/** The graph a report is made from: selected (focus, ignore, root), but not pruned. */
export function reportGraph(profile: AnyProfile, view: ViewOptions, source: string): CallGraph {
  const graph = buildCallGraph(profile);
  checkPatternsMatch(graph, view, source);
  return applyGraphSteps(graph, view.graph, SELECTION_STEP_NAMES);
}

export async function writePicture(graph: CallGraph, file: string, view: ViewOptions, cwd: string): Promise<WrittenFile> {
  const warning = littleDrawnWarning(graph);
  if (warning) process.stderr.write(`tsprof: ${warning}\n`);
  return renderToFile(graph, file, { cwd, colorBy: view.colorBy, scale: view.scale });
}

/** A picture that hides nearly everything should not pass for a complete one. */
function littleDrawnWarning(graph: CallGraph): string | null {
  if (graph.fallback) return `${graph.fallback} (--node-threshold 0 draws every function)`;
  const shown = graph.nodes.filter((node) => !node.isRoot).length;
  if (shown === 0 && graph.profiledFunctions > 0) return `drew no function of ${graph.profiledFunctions}; loosen --focus, --ignore, --root or the thresholds`;
  return null;
}

export function reportText(graph: CallGraph, choice: ReportChoice, cwd: string): string {
  if (choice.tree && !graph.contexts) throw new UserError('--tree needs calling contexts, which version 1 profiles do not have; profile the program again with this tsprof');
  if (choice.tree) return formatTree(graph, { format: choice.format, cwd, nodeThreshold: choice.treeThreshold });
  return formatReport(graph, { top: choice.top, sortBy: choice.sortBy, format: choice.format, cwd });
}

/** A pattern that matches nothing would draw an empty graph; say so, and how to find the names. */
function checkPatternsMatch(graph: CallGraph, view: ViewOptions, source: string): void {
  for (const flag of ['focus', 'ignore', 'root'] as const) {
    const pattern = view.graph[flag];
    if (pattern && matchingNodes(graph, pattern).length === 0) {
      throw new UserError(`--${flag} ${pattern}: no function name in ${source} matches; list them with tsprof report ${source} --top 100`);
    }
  }
}

/** A path as the user would type it from `cwd`: relative inside it, absolute outside. */
export function displayPath(file: string, cwd: string): string {
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}
