import { selectedCallGraph } from '../../../graph/build';
import { applyGraphSteps } from '../../../graph/steps';
import type { CallGraph } from '../../../graph/types';
import type { GraphOptions } from '../../../graph/options';
import { unmatchedFlags, type Selection, type SelectionFlag } from '../../../profile/select';
import type { Profile } from '../../../profile/types';
import { graphOptionsOf, selectionOf, type PageData } from '../../html-data';

/**
 * The page's state: which --focus, --root and --ignore apply, and the two
 * graphs tsprof makes from them with its own modules (bundled, not copied):
 * the selected graph (profile/select, then graph/build once), which the
 * table, the flame view and the side panel read, and the picture (the graph
 * steps: pruned, hot path, grouped), as `tsprof render` draws it.
 */
export class Model {
  readonly profile: Profile;
  readonly initial: Selection;
  selection: Selection;
  report!: CallGraph;
  picture!: CallGraph;
  private readonly graphOptions: GraphOptions;
  private readonly history: Selection[] = [];

  constructor(readonly data: PageData) {
    this.profile = data.profile;
    this.graphOptions = graphOptionsOf(data.view);
    // As in `tsprof run`, a pattern that matched nothing was left out of the picture.
    const initial = selectionOf(data.view);
    for (const flag of unmatchedFlags(this.profile, initial)) delete initial[flag];
    this.initial = initial;
    this.selection = initial;
    this.recompute();
  }

  /** The function behind a box, frame or row (node ids are function ids); undefined for the root, which cannot be selected. */
  functionName(id: number): string | undefined {
    if (id === this.profile.contexts[0]?.function) return undefined;
    return this.profile.functions[id]?.name;
  }

  /** Sets one option, as the command line would; false (and nothing changes) when the pattern matches no function. */
  select(flag: SelectionFlag, pattern: RegExp | undefined): boolean {
    if (pattern && unmatchedFlags(this.profile, { [flag]: pattern }).length > 0) return false;
    this.history.push(this.selection);
    const next = { ...this.selection };
    if (pattern) next[flag] = pattern;
    else delete next[flag];
    this.selection = next;
    this.recompute();
    return true;
  }

  /** Back to the selection before the last change; false when there is none. */
  undo(): boolean {
    const previous = this.history.pop();
    if (!previous) return false;
    this.selection = previous;
    this.recompute();
    return true;
  }

  /** The command line's selection again. */
  reset(): void {
    this.history.push(this.selection);
    this.selection = this.initial;
    this.recompute();
  }

  private recompute(): void {
    this.report = selectedCallGraph(this.profile, this.selection);
    this.picture = applyGraphSteps(this.report, this.graphOptions);
  }
}

/** The pattern that selects exactly the function called `name`. */
export function exactName(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
