import type * as t from '@babel/types';
import type { OriginalLocator, OriginalPlace } from './source-map';

/** `name` or `module.name`: what a re-export getter returns. */
function isReference(node: t.Expression): boolean {
  if (node.type === 'Identifier') return true;
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && isReference(node.object as t.Expression);
}

/**
 * A getter a compiler wrote to re-export a binding (swc: `_export(exports, { get encode() {
 * return encode; } })`), which its map ties to the exported name in the original. A getter
 * the user wrote starts there with `get` (or a modifier before it), never with a name.
 */
function isReExportGetter(node: t.Function, original: OriginalPlace, locator: OriginalLocator): boolean {
  if (node.type !== 'ObjectMethod' || node.kind !== 'get' || node.params.length > 0 || node.body.body.length !== 1) return false;
  const [statement] = node.body.body;
  if (statement.type !== 'ReturnStatement' || !statement.argument || !isReference(statement.argument)) return false;
  const text = locator.textAt(original, 64);
  return text !== null && /^[\p{L}_$][\p{L}\p{N}_$]*\b/u.test(text) && !/^(?:get|static|public|protected|private|override|readonly|declare|abstract|accessor)\b/.test(text);
}

/**
 * Vite's SSR transform (vite 7 and later) exports each binding through
 * `__vite_ssr_exportName__("encode", () => { try { return encode } catch {} })`,
 * an arrow its map ties to the export in the original. An arrow the user wrote
 * without parameters starts there with `(` (or `async`).
 */
function isExportNameGetter(node: t.Function, original: OriginalPlace, locator: OriginalLocator): boolean {
  if (node.type !== 'ArrowFunctionExpression' || node.params.length > 0 || node.body.type !== 'BlockStatement' || node.body.body.length !== 1) return false;
  const [statement] = node.body.body;
  if (statement.type !== 'TryStatement' || statement.finalizer || statement.block.body.length !== 1 || (statement.handler && statement.handler.body.body.length > 0)) return false;
  const [returned] = statement.block.body;
  if (returned.type !== 'ReturnStatement' || !returned.argument || !isReference(returned.argument)) return false;
  const text = locator.textAt(original, 16);
  return text !== null && !/^(?:\(|async\b)/.test(text);
}

/** A function a compiler wrote to export a binding, which its map ties to the export in the original: not the user's code. */
export function isCompilerWritten(node: t.Function, original: OriginalPlace, locator: OriginalLocator): boolean {
  return isReExportGetter(node, original, locator) || isExportNameGetter(node, original, locator);
}
