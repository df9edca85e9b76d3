import { isA, isStatementPath, type WalkPath as NodePath } from './walk';
import type * as t from '@babel/types';

/**
 * Where inserted code would let the next line continue a statement that the
 * original ended by automatic semicolon insertion, so the semicolon must be
 * written out (shapes.ts STATEMENT_END).
 */

/**
 * The statement that an await or yield ends without a semicolon. Its wrapped
 * form is a call, which the next line could continue where the original ended
 * the statement by automatic semicolon insertion (`yield` or `await x++` or
 * `yield () => {}`, then a line starting with `(`, `[`, `/`, `+` …); such a
 * statement gets an explicit semicolon. Not a loop head's declaration, which
 * its loop ends.
 */
export function statementEndedBy(path: NodePath<t.AwaitExpression | t.YieldExpression>): t.Statement | null {
  const statement = path.findParent(isStatementPath);
  if (!statement || statement.node.end !== path.node.end) return null;
  if (isA('For', statement.parentPath?.node) && statement.key !== 'body') return null;
  return statement.node as t.Statement;
}

/** An async generator's `return value`, whose value is wrapped like an await's operand, ends the same way. */
export function endsWithReturnedValue(statement: t.ReturnStatement): boolean {
  return statement.argument?.end === statement.end;
}

/**
 * `let` alone on a line is an expression statement only because what follows
 * cannot be bound (`let` then `await x`, `yield`, `for await`). A probe call or
 * a block put in front of that would be bound instead, so such a statement
 * gets its semicolon written out.
 */
export function isBareLet(statement: t.Node): boolean {
  return (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'Identifier' &&
    statement.expression.name === 'let' &&
    statement.end === statement.expression.end
  );
}
