import type { WalkPath as NodePath } from './walk';
import { VISITOR_KEYS } from './babel-tables';
import type * as t from '@babel/types';

/**
 * Wrapping a body in `try { … } finally { … }` turns the body's top-level
 * function declarations from var-scoped into block-scoped ones, and every
 * probe is a free identifier looked up through the enclosing scopes. That is
 * invisible except in the cases found here, where it would change the
 * program; such functions are left as they are (the rest of the file is still
 * instrumented).
 */

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
]);

/** Class members whose value runs in a scope of its own; only a computed key runs in ours. */
const CLASS_VALUE_TYPES = new Set(['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty', 'StaticBlock']);

interface OwnScopeFacts {
  directEval: boolean;
  withStatement: boolean;
  varNames: Set<string>;
  /** Functions declared in blocks, switch cases and if bodies (Annex B hoists the plain ones in sloppy code). */
  blockFunctionNames: Set<string>;
}

function collectPatternNames(pattern: t.Node | null | undefined, into: Set<string>): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        collectPatternNames(property.type === 'RestElement' ? property.argument : (property.value as t.Node), into);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) collectPatternNames(element, into);
      break;
    case 'AssignmentPattern':
      collectPatternNames(pattern.left, into);
      break;
    case 'RestElement':
      collectPatternNames(pattern.argument, into);
      break;
    default:
      break;
  }
}

function scanChildren(node: t.Node, facts: OwnScopeFacts): void {
  for (const key of VISITOR_KEYS[node.type] ?? []) {
    const value = (node as unknown as Record<string, t.Node | (t.Node | null)[] | null | undefined>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child) scanOwnScope(child, facts);
    } else if (value) {
      scanOwnScope(value, facts);
    }
  }
}

/** Walks code that runs in the function's own scope: not nested functions' bodies, but their computed keys. */
function scanOwnScope(node: t.Node, facts: OwnScopeFacts): void {
  if (FUNCTION_TYPES.has(node.type) || CLASS_VALUE_TYPES.has(node.type)) {
    if (node.type === 'FunctionDeclaration' && node.id) facts.blockFunctionNames.add(node.id.name);
    if ('computed' in node && node.computed && 'key' in node) scanOwnScope(node.key, facts);
    return;
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'eval') {
    facts.directEval = true;
  }
  if (node.type === 'WithStatement') facts.withStatement = true;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const declarator of node.declarations) collectPatternNames(declarator.id, facts.varNames);
  }
  scanChildren(node, facts);
}

/** `l: function f() {}` at the top of a sloppy body declares `f` like an unlabelled declaration. */
function unlabelled(statement: t.Statement): { declaration: t.Statement; labelled: boolean } {
  let declaration = statement;
  while (declaration.type === 'LabeledStatement') declaration = declaration.body;
  return { declaration, labelled: declaration !== statement };
}

/** Probes are free identifiers: inside `with`, looking them up would consult the object (and its proxy traps). */
function isInsideWith(path: NodePath): boolean {
  for (let child = path, parent = path.parentPath; parent; child = parent, parent = parent.parentPath) {
    if (parent.node.type === 'WithStatement' && child.key === 'body') return true;
  }
  return false;
}

/**
 * `eval` (however its letters are escaped) or `with` as a word: where neither
 * is in a function's text, it has no direct eval and no with statement, and
 * its body need not be scanned for them (most functions; strings and
 * comments only make a scan happen).
 */
const EVAL_OR_WITH = /(?<![\w$])(?:(?:e|\\u(?:0065|\{0*65\}))(?:v|\\u(?:0076|\{0*76\}))(?:a|\\u(?:0061|\{0*61\}))(?:l|\\u(?:006[cC]|\{0*6[cC]\}))|with)(?![\w$])/g;

/** Where a file's text may hold a direct eval or a with statement (EVAL_OR_WITH), for reasonNotToWrap. */
export class EvalOrWithWords {
  private readonly offsets: number[] = [];

  constructor(code: string) {
    for (const match of code.matchAll(EVAL_OR_WITH)) this.offsets.push(match.index);
  }

  /** Whether one of the words starts in [start, end). */
  within(start: number, end: number): boolean {
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.offsets[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < this.offsets.length && this.offsets[low] < end;
  }
}

/** Returns why the function at `path` cannot be wrapped safely, or null when it can. */
export function reasonNotToWrap(path: NodePath<t.Function>, words: EvalOrWithWords): string | null {
  if (words.within(0, path.node.start!) && isInsideWith(path)) return 'is inside a with statement';
  const { body, params } = path.node;
  if (body.type !== 'BlockStatement') return null;
  // Babel's isInStrictMode looks at the enclosing code only, not at the function's own directives.
  const strict = body.directives.some((directive) => directive.value.value === 'use strict') || path.isInStrictMode();
  const facts: OwnScopeFacts = { directEval: false, withStatement: false, varNames: new Set(), blockFunctionNames: new Set() };
  const topLevel: { name: string; plain: boolean }[] = [];
  const others: t.Statement[] = [];
  for (const statement of body.body) {
    const { declaration, labelled } = unlabelled(statement);
    if (declaration.type === 'FunctionDeclaration' && declaration.id) {
      topLevel.push({ name: declaration.id.name, plain: !labelled && !declaration.async && !declaration.generator });
    } else {
      others.push(statement);
    }
  }
  // The scan finds var and block function names for the top-level declarations, and eval or with where the words are.
  if (topLevel.length > 0 || words.within(body.start!, body.end!)) for (const statement of others) scanOwnScope(statement, facts);
  if (facts.directEval) return 'contains direct eval';
  if (facts.withStatement) return 'contains a with statement';
  const parameterNames = new Set<string>();
  for (const parameter of params) collectPatternNames(parameter, parameterNames);
  const declared = new Map<string, boolean>();
  for (const { name, plain } of topLevel) {
    if (facts.varNames.has(name)) return `function ${name} is also declared with var`;
    // A declaration in a block would no longer initialise the parameter, which mapped `arguments` shows.
    if (parameterNames.has(name)) return `function ${name} has the name of a parameter`;
    // In a block, only plain sloppy functions may be declared twice.
    if (declared.has(name) && (strict || !plain || !declared.get(name))) return `function ${name} is declared twice`;
    // Annex B would stop hoisting a block's function of the same name out of the new block.
    if (!strict && facts.blockFunctionNames.has(name)) return `function ${name} is also declared in a block`;
    declared.set(name, plain);
  }
  return null;
}
