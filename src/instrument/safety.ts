import type * as t from '@babel/types';

/**
 * Wrapping a body in `try { … } finally { … }` turns the body's top-level
 * declarations into block-level ones. That is invisible except in the cases
 * found here, where it would change the program; such functions are left as
 * they are (the rest of the file is still instrumented).
 */

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
  'StaticBlock',
]);

interface OwnScopeFacts {
  directEval: boolean;
  withStatement: boolean;
  varNames: Set<string>;
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

/** Walks a function body without entering nested functions or classes' methods. */
function scanOwnScope(node: t.Node, facts: OwnScopeFacts): void {
  if (FUNCTION_TYPES.has(node.type)) return;
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'eval') {
    facts.directEval = true;
  }
  if (node.type === 'WithStatement') facts.withStatement = true;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const declarator of node.declarations) collectPatternNames(declarator.id, facts.varNames);
  }
  for (const key of Object.keys(node) as (keyof typeof node)[]) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
    const value = node[key] as unknown;
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') scanOwnScope(child, facts);
    } else if (value && typeof value === 'object' && typeof (value as t.Node).type === 'string') {
      scanOwnScope(value as t.Node, facts);
    }
  }
}

/** Returns why `body` cannot be wrapped safely, or null when it can. */
export function reasonNotToWrap(body: t.BlockStatement, strict: boolean): string | null {
  const facts: OwnScopeFacts = { directEval: false, withStatement: false, varNames: new Set() };
  for (const statement of body.body) scanOwnScope(statement, facts);
  if (facts.directEval) return 'contains direct eval';
  if (facts.withStatement) return 'contains a with statement';
  const declared = new Set<string>();
  for (const statement of body.body) {
    if (statement.type !== 'FunctionDeclaration' || !statement.id) continue;
    const name = statement.id.name;
    if (facts.varNames.has(name)) return `function ${name} is also declared with var`;
    if (strict && declared.has(name)) return `function ${name} is declared twice`;
    declared.add(name);
  }
  return null;
}
