import { isA, type WalkPath as NodePath } from './walk';
import type * as t from '@babel/types';
import { basename } from 'node:path';

/**
 * Display names for functions, as a reader of the code would say them:
 * `Producer.publish`, `Task.delay`, `sendTask`, `api.get`, `Foo.bar (get)`.
 * Callbacks are named after the call they are given to, within the nearest
 * named function (`Transport.connect/on('data')`, `open/new Promise`); other
 * functions with nothing better get `<anonymous>` and their line.
 */

function keyText(key: t.Node, computed: boolean): string | null {
  if (!computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'PrivateName') return `#${key.id.name}`;
  }
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  const dotted = memberText(key);
  return dotted === null ? '[computed]' : `[${dotted}]`;
}

/** `a.b.c` for identifier/member chains, null for anything else. */
function memberText(node: t.Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = memberText(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

function className(classPath: NodePath): string {
  const node = classPath.node as t.Class;
  if (node.id) return node.id.name;
  const bindingName = nameFromContext(classPath);
  return bindingName ?? '<class>';
}

/** `Foo.prototype.bar` → `Foo.bar`, `module.exports.x` / `exports.x` → `x`, `this.x` → `<Class>.x`. */
function tidyAssignedName(text: string, path: NodePath): string {
  let name = text.replace(/\.prototype\./, '.').replace(/^(?:module\.)?exports\./, '');
  if (name.startsWith('this.')) {
    const owner = path.findParent((parent) => isA('Class', parent.node));
    name = owner ? `${className(owner)}.${name.slice(5)}` : name.slice(5);
  }
  return name;
}

/** The name given by where a function or class value is put. */
function nameFromContext(path: NodePath): string | null {
  const parent = path.parentPath;
  if (!parent) return null;
  const node = parent.node;
  switch (node.type) {
    case 'VariableDeclarator':
      return node.id.type === 'Identifier' ? node.id.name : null;
    case 'AssignmentExpression': {
      const text = memberText(node.left);
      return text === null ? null : tidyAssignedName(text, parent);
    }
    case 'AssignmentPattern':
      return node.left.type === 'Identifier' ? node.left.name : null;
    case 'ObjectProperty': {
      const key = keyText(node.key, node.computed);
      const owner = parent.parentPath ? nameFromContext(parent.parentPath) : null;
      return owner && key ? `${owner}.${key}` : key;
    }
    case 'ClassProperty':
    case 'ClassPrivateProperty': {
      const classPath = parent.parentPath?.parentPath;
      const key = node.type === 'ClassPrivateProperty' ? `#${node.key.id.name}` : keyText(node.key, node.computed);
      return classPath ? `${className(classPath)}.${key}` : key;
    }
    case 'ExportDefaultDeclaration':
      return 'default';
    // `var __awaiter = (this && this.__awaiter) || function …` (TypeScript's helpers), `a ? f : g`, `(0, f)`
    case 'LogicalExpression':
      return nameFromContext(parent);
    case 'ConditionalExpression':
      return node.test === path.node ? null : nameFromContext(parent);
    case 'SequenceExpression':
      return node.expressions[node.expressions.length - 1] === path.node ? nameFromContext(parent) : null;
    case 'CallExpression':
      return keepNamesWrapperName(node, path.node);
    default:
      return null;
  }
}

/**
 * esbuild's keep-names output (tsx, `--keep-names`) wraps named functions in
 * `__name(fn, "name")`; the string is the name the source gave.
 */
function keepNamesWrapperName(call: t.CallExpression, value: t.Node): string | null {
  const [wrapped, name] = call.arguments;
  if (call.callee.type !== 'Identifier' || call.callee.name !== '__name' || wrapped !== value) return null;
  return name?.type === 'StringLiteral' ? name.value : null;
}

function methodName(path: NodePath<t.ObjectMethod | t.ClassMethod | t.ClassPrivateMethod>): string {
  const node = path.node;
  const key = node.type === 'ClassPrivateMethod' ? `#${node.key.id.name}` : keyText(node.key, node.computed);
  const owner =
    node.type === 'ObjectMethod'
      ? path.parentPath!.parentPath && nameFromContext(path.parentPath!)
      : path.parentPath!.parentPath && className(path.parentPath!.parentPath);
  const base = owner ? `${owner}.${key}` : `${key}`;
  if (node.kind === 'get') return `${base} (get)`;
  if (node.kind === 'set') return `${base} (set)`;
  return base;
}

/** `socket.on('data', fn)` → `on('data')`, `new Promise(fn)` → `new Promise`, `list.map(fn)` → `map`. */
export function callbackLabel(path: NodePath<t.Function>): string | null {
  const parent = path.parent;
  if ((parent.type !== 'CallExpression' && parent.type !== 'NewExpression' && parent.type !== 'OptionalCallExpression') || parent.callee === path.node) {
    return null;
  }
  let callee = parent.callee;
  // `(0, globals_1.test)(…)`: how tsc, Babel and esbuild call an imported function in CommonJS output.
  if (callee.type === 'SequenceExpression' && callee.expressions.length === 2 && callee.expressions[0].type === 'NumericLiteral') {
    callee = callee.expressions[1];
  }
  let label: string | null = null;
  if (callee.type === 'Identifier') label = callee.name;
  else if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
    label = callee.property.name;
  }
  if (label === null) return null;
  if (parent.type === 'NewExpression') return `new ${label}`;
  const first = parent.arguments[0];
  return first && first !== path.node && first.type === 'StringLiteral' && first.value.length <= 24 ? `${label}('${first.value}')` : label;
}

/**
 * What compilers make of a TypeScript enum or namespace: a function called at
 * once with `Name || …` (`(function (Routing) {…})(Routing || (Routing = {}))`
 * from tsc, swc in Node's transform mode, esbuild), or, for an enum declared
 * once, with `{}` as `var Name = function (Name) {…}({})` (newer swc, Node 22.18+
 * and 24 with --experimental-transform-types). It runs the body the user wrote
 * under that name.
 */
function enumOrNamespaceName(path: NodePath<t.Function>): string | null {
  const parent = path.parent;
  if (parent.type !== 'CallExpression' || parent.callee !== path.node) return null;
  const first = parent.arguments[0];
  const [parameter] = path.node.params;
  // `X || (X = {})`, or a nested namespace's `Inner = Outer.Inner || (Outer.Inner = {})`; the
  // parameter is the name itself, or as compilers rename it (esbuild `X2`, Babel `_X`): not any
  // function called with `jQuery || {}`.
  const given = first?.type === 'AssignmentExpression' && first.left.type === 'Identifier' ? first.left.name : first?.type === 'LogicalExpression' && first.operator === '||' && first.left.type === 'Identifier' ? first.left.name : null;
  if (given !== null) return parameter?.type === 'Identifier' && isNameOrRenamed(parameter.name, given) ? given : null;
  const declarator = path.parentPath!.parent;
  const freshObject = first?.type === 'ObjectExpression' && first.properties.length === 0 && parent.arguments.length === 1;
  return freshObject && parameter?.type === 'Identifier' && declarator.type === 'VariableDeclarator' && declarator.init === parent && declarator.id.type === 'Identifier' && declarator.id.name === parameter.name
    ? parameter.name
    : null;
}

/** `X`, `_X` or `X2`: a binding called X, as it is or as a compiler renamed it. */
function isNameOrRenamed(name: string, original: string): boolean {
  const bare = name.startsWith('_') && !original.startsWith('_') ? name.slice(1) : name;
  return bare.startsWith(original) && /^\d*$/.test(bare.slice(original.length));
}

/** `Codec` when `path` is declared directly in the body of namespace Codec (as compiled; see enumOrNamespaceName). */
function namespaceOf(path: NodePath<t.Function>): string | null {
  const body = path.parentPath;
  const enclosing = body?.parentPath;
  return body?.node.type === 'BlockStatement' && isA('Function', enclosing?.node) ? enumOrNamespaceName(enclosing as NodePath<t.Function>) : null;
}

export function functionName(
  path: NodePath<t.Function>,
  filename: string,
  line: number,
  enclosingName: string | null,
): string {
  const node = path.node;
  if (node.type === 'ObjectMethod' || node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') {
    return methodName(path as NodePath<t.ObjectMethod | t.ClassMethod | t.ClassPrivateMethod>);
  }
  if (node.type === 'FunctionDeclaration' && node.id) {
    const namespace = namespaceOf(path);
    return namespace ? `${namespace}.${node.id.name}` : node.id.name;
  }
  const fromContext = nameFromContext(path);
  if (fromContext) return fromContext;
  if (node.type === 'FunctionExpression' && node.id) return node.id.name;
  const callback = callbackLabel(path);
  if (callback && enclosingName) return `${enclosingName}/${callback}`;
  if (callback) return `${callback} callback (${basename(filename)}:${line})`;
  const enumOrNamespace = enumOrNamespaceName(path);
  if (enumOrNamespace) return enumOrNamespace;
  if (enclosingName) return `${enclosingName}/<anonymous:${line}>`;
  return `<anonymous> ${basename(filename)}:${line}`;
}
