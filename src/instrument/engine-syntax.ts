import type * as t from '@babel/types';

/**
 * Syntax Babel accepts that the V8 running tsprof may reject. The file must
 * then fail open, so that the engine reports its own error on the untouched
 * source instead of one on the instrumented text.
 */

/** Babel leaves regular expression patterns to the engine, and V8 rejects a bad one before running anything. */
function assertValidRegExp(node: t.RegExpLiteral): void {
  try {
    new RegExp(node.pattern, node.flags);
  } catch (error) {
    throw new SyntaxError(`${(error as Error).message} (${node.loc!.start.line}:${node.loc!.start.column})`);
  }
}

const ENGINE_RUNS_USING = ((): boolean => {
  try {
    new Function('{ using resource = null; }');
    return true;
  } catch {
    return false;
  }
})();

export function assertEngineAccepts(node: t.RegExpLiteral | t.VariableDeclaration): void {
  if (node.type === 'RegExpLiteral') assertValidRegExp(node);
  else if ((node.kind === 'using' || node.kind === 'await using') && !ENGINE_RUNS_USING) {
    throw new SyntaxError(`this Node.js does not run '${node.kind}' declarations (${node.loc!.start.line}:${node.loc!.start.column})`);
  }
}
