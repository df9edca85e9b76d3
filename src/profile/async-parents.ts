import { ProfileBuilder } from './builder';
import { renumberFlows } from './flow-selection';
import type { Profile } from './types';

/**
 * The profile as if continuations had no async parent: every async context
 * hangs directly under the root again, where a call entered from the event
 * loop was before async parents were recorded, and merges with its
 * same-function siblings there (and so do their subtrees). The numbers are
 * unchanged, as an async child's time was never part of its parent's. What
 * `--no-async-parents` shows. Message flows follow their contexts to their new ids.
 */
export function withoutAsyncParents(profile: Profile): Profile {
  if (!profile.contexts.some((context) => context.async)) return profile;
  const builder = new ProfileBuilder();
  const contextIds: number[] = [0];
  builder.addToRoot(profile.contexts[0]);
  for (const context of profile.contexts.slice(1)) {
    contextIds[context.id] = builder.addContext(context.async ? 0 : contextIds[context.parent], context.function, context);
  }
  const flows = renumberFlows(profile.flows, (context) => contextIds[context]);
  return { ...profile, contexts: builder.build(profile).contexts, ...(flows ? { flows } : {}) };
}
