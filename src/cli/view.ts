import { selectedCallGraph } from '../graph/build';
import { unmatchedFlags } from '../profile/select';
import { applyGraphSteps } from '../graph/steps';
import type { CallGraph } from '../graph/types';
import { withoutAsyncParents } from '../profile/async-parents';
import { readProfile } from '../profile/read';
import type { Profile } from '../profile/types';
import { say } from '../messages';
import { formatReport } from '../render/report';
import { formatTree } from '../render/tree';
import { UserError } from './errors';
import type { ReportChoice, ViewOptions } from './view-options';

/**
 * The one way from a profile to what is shown of it, shared by `run`,
 * `render`, `report`, `export` and `diff`: select on the profile (--root,
 * --ignore, --focus), build the graph once, and from that graph the report
 * (unpruned) and the picture (pruned, hot path marked, grouped).
 */
export interface ProfileView {
  /** The whole profile, as recorded (without async parents under --no-async-parents): exports are of everything. */
  profile: Profile;
  /** The selected graph, before pruning: what reports list (made on first use, then kept). */
  graph(): CallGraph;
  /** The graph as drawn (made on first use, then kept). */
  picture(): CallGraph;
  options: ViewOptions;
}

/**
 * What to do with a --focus, --ignore or --root that matches no function:
 * 'fail' (render, report, diff: the user fixes it and runs the cheap command
 * again), or a function that is told why and the step is left out (run: the
 * profiled command has already run, and its exit code must stay its own).
 */
export type UnmatchedPattern = 'fail' | ((message: string) => void);

/** The profile with or without its async parents (`--no-async-parents`), as the view asks. */
export function asViewed(profile: Profile, view: Pick<ViewOptions, 'asyncParents'>): Profile {
  return view.asyncParents === false ? withoutAsyncParents(profile) : profile;
}

/** A saved profile, read (and upgraded from version 1: profile/read.ts). */
export function readSavedProfile(file: string, source: string): Profile {
  return readProfile(file);
}

/**
 * What a profile read from version 1 lacks, for outputs that would otherwise
 * pass its pairs for recorded paths (exports, merges): one line.
 */
export function sayWhatVersion1Lacks(profile: Profile, source: string): void {
  if (profile.upgradedFrom !== 1) return;
  const pairs = profile.contexts.filter((context) => context.parent > 0).length;
  say(`${source} is a version 1 profile without calling contexts; its ${pairs} caller → callee pairs have no path and are kept one call deep`);
}

/** `source` names the profile in messages, so the user knows which file to look into. */
export function viewProfile(recorded: Profile, options: ViewOptions, source: string, unmatched: UnmatchedPattern = 'fail'): ProfileView {
  const profile = asViewed(recorded, options);
  for (const flag of unmatchedFlags(profile, options.selection)) {
    const message = `--${flag} ${options.selection[flag]}: no function name in ${source} matches; list them with tsprof report ${source} --top 100`;
    if (unmatched === 'fail') throw new UserError(message);
    unmatched(`${message}; drawn without --${flag}`);
  }
  let graph: CallGraph | undefined;
  let picture: CallGraph | undefined;
  const selectedGraph = (): CallGraph => (graph ??= selectedCallGraph(profile, options.selection));
  return { profile, options, graph: selectedGraph, picture: () => (picture ??= applyGraphSteps(selectedGraph(), options.graph)) };
}

export function reportText(view: ProfileView, choice: ReportChoice, cwd: string): string {
  const graph = view.graph();
  if (choice.tree && graph.upgradedFrom === 1) throw new UserError('--tree needs calling contexts, which version 1 profiles do not have; profile the program again with this tsprof');
  if (choice.tree) return formatTree(graph, { format: choice.format, cwd, nodeThreshold: choice.treeThreshold });
  return formatReport(graph, { top: choice.top, sortBy: choice.sortBy, format: choice.format, cwd });
}
