import { handlersByType, type VisitorTable, type WalkPath as NodePath } from './walk';
import type * as t from '@babel/types';
import { assertEngineAccepts } from './engine-syntax';
import { endsWithReturnedValue, isBareLet } from './semicolons';
import type { VisitState } from './visit-state';

/**
 * The one traversal of a file, as a table from node type to what is done
 * there; the state it fills is VisitState, what is done for each kind of
 * function is function-kinds.ts, the text inserted is shapes.ts. Functions are
 * planned on the way in (their ids follow source order) and edited on the way
 * out, children before parents (see edits.ts). Babel runs the handlers of a
 * node in the order of this table, which decides the order of inserted pieces
 * at one position: keep it.
 */

function wrapBody(path: NodePath<t.Function>, state: VisitState): void {
  const plan = state.ownPlan(path.node);
  if (!plan) return;
  const body = path.node.body;
  if (plan.treatment.body === 'block') state.edits.wrapBlockBody(body as t.BlockStatement, plan.index);
  else state.edits.wrapExpressionBody(path.node as t.ArrowFunctionExpression, plan.index);
}

function wrapSuspension(path: NodePath<t.AwaitExpression | t.YieldExpression>, state: VisitState): void {
  if (!state.suspendsAt(path)) return;
  state.edits.wrapSuspension(path.node);
  state.markStatementEnd(path);
}

/** Async generators await a returned value; a value that ends the statement makes it a call, as an await does. */
function suspendReturnedValue(path: NodePath<t.ReturnStatement>, state: VisitState): void {
  const argument = path.node.argument;
  if (!argument || !state.enclosingPlan(path)?.treatment.returnSuspends) return;
  state.edits.suspendBeforeReturn(argument);
  if (endsWithReturnedValue(path.node)) state.markEndedByAsi(path.node);
}

function endStatement(path: NodePath<t.Statement>, state: VisitState): void {
  if (path.node.type === 'ReturnStatement') suspendReturnedValue(path as NodePath<t.ReturnStatement>, state);
  if (state.isEndedByAsi(path.node) || (isBareLet(path.node) && state.suspendsAt(path))) state.edits.terminateStatement(path.node);
}

function wrapForAwait(path: NodePath<t.ForOfStatement>, state: VisitState): void {
  if (!path.node.await || !state.suspendsAt(path)) return;
  let outermost: NodePath = path;
  while (outermost.parentPath?.node.type === 'LabeledStatement') outermost = outermost.parentPath;
  state.edits.wrapForAwait(path.node, outermost.node as t.Statement);
}

export const VISITOR: VisitorTable<VisitState> = {
  Function: {
    enter: (path: NodePath<t.Function>, state: VisitState) => state.planFunction(path),
    exit: wrapBody,
  },
  AwaitExpression: { exit: wrapSuspension },
  YieldExpression: { exit: wrapSuspension },
  Statement: { exit: endStatement },
  ForOfStatement: { exit: wrapForAwait },
  CatchClause: {
    exit(path: NodePath<t.CatchClause>, state: VisitState) {
      if (state.suspendsAt(path)) state.edits.resumeAtTop(path.node.body);
    },
  },
  TryStatement: {
    exit(path: NodePath<t.TryStatement>, state: VisitState) {
      if (path.node.finalizer && state.suspendsAt(path)) state.edits.resumeAtTop(path.node.finalizer);
    },
  },
  RegExpLiteral: (path: NodePath<t.RegExpLiteral>) => assertEngineAccepts(path.node),
  VariableDeclaration: (path: NodePath<t.VariableDeclaration>) => assertEngineAccepts(path.node),
};

/** The table as the walk runs it, made once. */
export const VISIT_BY_TYPE = handlersByType(VISITOR);
