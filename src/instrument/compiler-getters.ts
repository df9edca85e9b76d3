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
export function isReExportGetter(node: t.Function, original: OriginalPlace, locator: OriginalLocator): boolean {
  if (node.type !== 'ObjectMethod' || node.kind !== 'get' || node.params.length > 0 || node.body.body.length !== 1) return false;
  const [statement] = node.body.body;
  if (statement.type !== 'ReturnStatement' || !statement.argument || !isReference(statement.argument)) return false;
  const text = locator.textAt(original, 64);
  return text !== null && /^[\p{L}_$][\p{L}\p{N}_$]*\b/u.test(text) && !/^(?:get|static|public|protected|private|override|readonly|declare|abstract|accessor)\b/.test(text);
}
