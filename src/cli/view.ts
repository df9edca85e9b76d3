import { buildCallGraph } from '../graph/build';
import { matchingNodes } from '../graph/select';
import type { GraphOptions } from '../graph/options';
import { applyGraphSteps, SELECTION_STEP_NAMES } from '../graph/steps';
import { countProgramFunctions, type CallGraph } from '../graph/types';
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

/**
 * What to do with a --focus, --ignore or --root that matches no function:
 * 'fail' (render, report, diff: the user fixes it and runs the cheap command
 * again), or a function that is told why and the step is left out (run: the
 * profiled command has already run, and its exit code must stay its own).
 */
export type UnmatchedPattern = 'fail' | ((message: string) => void);

/** The graph as drawn: selected, pruned, hot path marked, grouped. */
export function pictureGraph(profile: AnyProfile, view: ViewOptions, source: string, unmatched: UnmatchedPattern = 'fail'): CallGraph {
  const graph = buildCallGraph(profile);
  return applyGraphSteps(graph, matchedSelection(graph, view, source, unmatched));
}

/** The graph a report is made from: selected (focus, ignore, root), but not pruned. */
export function reportGraph(profile: AnyProfile, view: ViewOptions, source: string, unmatched: UnmatchedPattern = 'fail'): CallGraph {
  const graph = buildCallGraph(profile);
  return applyGraphSteps(graph, matchedSelection(graph, view, source, unmatched), SELECTION_STEP_NAMES);
}

export async function writePicture(graph: CallGraph, file: string, view: ViewOptions, cwd: string): Promise<WrittenFile> {
  const warning = littleDrawnWarning(graph);
  if (warning) process.stderr.write(`tsprof: ${warning}\n`);
  return renderToFile(graph, file, { cwd, colorBy: view.colorBy, scale: view.scale });
}

/** A picture that hides nearly everything should not pass for a complete one. */
function littleDrawnWarning(graph: CallGraph): string | null {
  if (graph.fallback) return `${graph.fallback} (--node-threshold 0 draws every function)`;
  const shown = countProgramFunctions(graph.nodes);
  if (shown === 0 && graph.profiledFunctions > 0) return `drew no function of ${graph.profiledFunctions}; loosen --focus, --ignore, --root or the thresholds`;
  return null;
}

export function reportText(graph: CallGraph, choice: ReportChoice, cwd: string): string {
  if (choice.tree && !graph.contexts) throw new UserError('--tree needs calling contexts, which version 1 profiles do not have; profile the program again with this tsprof');
  if (choice.tree) return formatTree(graph, { format: choice.format, cwd, nodeThreshold: choice.treeThreshold });
  return formatReport(graph, { top: choice.top, sortBy: choice.sortBy, format: choice.format, cwd });
}

/**
 * A pattern that matches nothing would draw an empty graph (or hide nothing);
 * say so, and how to find the names: as an error, or as a warning with the
 * step left out (see UnmatchedPattern). Returns the graph options to apply.
 */
function matchedSelection(graph: CallGraph, view: ViewOptions, source: string, unmatched: UnmatchedPattern): GraphOptions {
  const options = { ...view.graph };
  for (const flag of ['focus', 'ignore', 'root'] as const) {
    const pattern = view.graph[flag];
    if (!pattern || matchingNodes(graph, pattern).length > 0) continue;
    const message = `--${flag} ${pattern}: no function name in ${source} matches; list them with tsprof report ${source} --top 100`;
    if (unmatched === 'fail') throw new UserError(message);
    unmatched(`${message}; drawn without --${flag}`);
    delete options[flag];
  }
  return options;
}

