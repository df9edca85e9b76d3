import { FLIPPED_ALIAS_KEYS, VISITOR_KEYS } from './babel-tables';
import type * as t from '@babel/types';

/**
 * The transform's one walk over a file: depth first in Babel's VISITOR_KEYS
 * order, with a handler table keyed by node type or alias, run on the way in
 * and on the way out, in the order @babel/traverse would run them (a concrete
 * type's handlers first, then its aliases' in table order; test/instrument/
 * walk.test.mjs checks that against @babel/traverse's own `explode`).
 *
 * Not @babel/traverse: the transform never changes the tree (edits go to the
 * text, edits.ts) and never needs scopes, and traverse's NodePath machinery
 * (contexts, queues, a path cache) was most of the time of a transform and of
 * its garbage; this walk makes one small WalkPath per node and nothing else.
 */

/** A node where the walk is: its parent, and where in the parent it sits (Babel's key/listKey). */
export class WalkPath<T extends t.Node = t.Node> {
  constructor(
    readonly node: T,
    /** The parent node; for the Program, the File. */
    readonly parent: t.Node,
    readonly parentPath: WalkPath | null,
    /** The parent's property that holds the node, or its index in `listKey`. */
    readonly key: string | number,
    readonly listKey: string | undefined,
  ) {}

  /** The nearest ancestor (not this one) that `test` accepts. */
  findParent(test: (path: WalkPath) => boolean): WalkPath | null {
    for (let path = this.parentPath; path; path = path.parentPath) if (test(path)) return path;
    return null;
  }

  getFunctionParent(): WalkPath<t.Function> | null {
    return this.findParent((path) => isA('Function', path.node)) as WalkPath<t.Function> | null;
  }

  /** Whether the code around this node is strict, as Babel's NodePath#isInStrictMode says (own directives not counted). */
  isInStrictMode(): boolean {
    for (let path = this.node.type === 'Program' ? (this as WalkPath) : this.parentPath; path; path = path.parentPath) {
      const node = path.node;
      if (node.type === 'Program' && node.sourceType === 'module') return true;
      if (isA('Class', node)) return true;
      if (node.type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement') continue;
      const body = isA('Function', node) ? (node as t.Function).body : node.type === 'Program' ? node : null;
      if (body && 'directives' in body && body.directives.some((directive) => directive.value.value === 'use strict')) return true;
    }
    return false;
  }
}

const ALIAS_MEMBERS = new Map<string, ReadonlySet<string>>();

/** Whether a node is of a type or alias (`Function`, `Statement`, `Class`, `For` …), as @babel/types' `is<Alias>` says. */
export function isA(typeOrAlias: string, node: t.Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === typeOrAlias) return true;
  let members = ALIAS_MEMBERS.get(typeOrAlias);
  if (!members) {
    members = new Set(FLIPPED_ALIAS_KEYS[typeOrAlias] ?? []);
    ALIAS_MEMBERS.set(typeOrAlias, members);
  }
  return members.has(node.type);
}

/**
 * A statement where one stands, as Babel's `Statement` visitor key and
 * NodePath#isStatement mean it: not a declaration in a for head
 * (`for (let i = 0; …)`, `for (const x of …)`).
 */
export function isStatementPath(path: WalkPath): boolean {
  const { node, parent } = path;
  if (!isA('Statement', node)) return false;
  if (node.type !== 'VariableDeclaration') return true;
  if ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node) return false;
  return !(parent.type === 'ForStatement' && parent.init === node);
}

/** Keys of the table that Babel checks on the path, not only on the node's type. */
const PATH_CHECKS: Record<string, (path: WalkPath) => boolean> = { Statement: isStatementPath };

export type Handler<S> = (path: WalkPath<never>, state: S) => void;
export type VisitorTable<S> = Record<string, Handler<S> | { enter?: Handler<S>; exit?: Handler<S> }>;

export interface TypeHandlers<S> {
  enter: Handler<S>[];
  exit: Handler<S>[];
  /** The type's child keys in visiting order (VISITOR_KEYS). */
  keys: readonly string[];
}

/** The table as per-type lists: each key's concrete types first, then aliases merged after them, in table order, `Statement` checked on the path (as Babel's explode). */
export function handlersByType<S>(table: VisitorTable<S>): Map<string, TypeHandlers<S>> {
  const byType = new Map<string, TypeHandlers<S>>();
  for (const [type, keys] of Object.entries(VISITOR_KEYS)) byType.set(type, { enter: [], exit: [], keys });
  const add = (type: string, key: string): void => {
    let handlers = byType.get(type);
    if (!handlers) byType.set(type, (handlers = { enter: [], exit: [], keys: [] }));
    const entry = table[key];
    const check = PATH_CHECKS[key];
    const checked = (handler: Handler<S> | undefined): Handler<S> | undefined =>
      handler && check ? (path, state) => { if (check(path)) handler(path, state); } : handler;
    const { enter, exit } = typeof entry === 'function' ? { enter: entry, exit: undefined } : entry;
    if (enter) handlers.enter.push(checked(enter)!);
    if (exit) handlers.exit.push(checked(exit)!);
  };
  const keys = Object.keys(table);
  for (const key of keys) if (!FLIPPED_ALIAS_KEYS[key]) add(key, key);
  for (const key of keys) for (const type of FLIPPED_ALIAS_KEYS[key] ?? []) add(type, key);
  return byType;
}

const NO_HANDLERS: TypeHandlers<never> = { enter: [], exit: [], keys: [] };

/** Walks the file's program and everything under it, running the table's handlers with `state`. */
export function walk<S>(file: t.File, byType: Map<string, TypeHandlers<S>>, state: S): void {
  const visit = (node: t.Node, parent: t.Node, parentPath: WalkPath | null, key: string | number, listKey: string | undefined): void => {
    const path = new WalkPath(node, parent, parentPath, key, listKey);
    const handlers = byType.get(node.type) ?? (NO_HANDLERS as TypeHandlers<S>);
    for (const enter of handlers.enter) enter(path as WalkPath<never>, state);
    for (const childKey of handlers.keys) {
      const value = (node as unknown as Record<string, unknown>)[childKey];
      if (!value) continue;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const child = value[index] as t.Node | null;
          if (child) visit(child, node, path, index, childKey);
        }
      } else {
        visit(value as t.Node, node, path, childKey, undefined);
      }
    }
    for (const exit of handlers.exit) exit(path as WalkPath<never>, state);
  };
  visit(file.program, file, null, 'program', undefined);
}
