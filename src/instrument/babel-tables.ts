/**
 * The two tables of @babel/types the transform needs: each node type's child
 * keys in visiting order, and the types of each alias (`Function`,
 * `Statement` …). The transform's bundle (scripts/bundle.js) replaces this
 * module with the two tables written out at build time from the same
 * @babel/types, so profiled processes do not load all of it (half the bundle).
 */
export { FLIPPED_ALIAS_KEYS, VISITOR_KEYS } from '@babel/types';
