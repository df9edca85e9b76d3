import type * as t from '@babel/types';
import type { Rewrite } from './rewrite';
import { notAsyncIterableMessage } from './not-iterable-message';
import { insertionSentinels, type ProbeNames } from './probe-names';
import { PROBE, SPACE_BEFORE_MARKER, type Around } from '../probe-contract';
import {
  STATEMENT_END,
  aroundOperand,
  bareSuspension,
  iterableForAwait,
  resumeAfter,
  resumeAfterLoop,
  resumeStatement,
  resumingLoopBody,
  suspendBefore,
  timedBlockBody,
  timedExpressionBody,
  type SuspendProbe,
} from './shapes';

/**
 * Whether an await's operand is a call whose promise the await waits for, so the
 * wait can be charged to that call's edge. Not for `new …` and `Promise.all(…)`
 * and friends: the last instrumented call inside those is a callback or an
 * argument, not what is being waited for.
 */
function isAwaitedCall(node: t.Node | null | undefined): boolean {
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSSatisfiesExpression')) node = node.expression;
  if (node?.type !== 'CallExpression' && node?.type !== 'OptionalCallExpression') return false;
  const callee = node.callee;
  const isPromiseCombinator =
    (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'Promise';
  return !isPromiseCombinator;
}

/**
 * Where each piece of shapes.ts goes. Edits are applied in post-order
 * (children before parents). Openers use prependRight and closers appendLeft,
 * so at a shared position an outer node's opener lands before an inner one's
 * and its closer after — the nesting is kept without ever re-printing the
 * file. Every inserted piece is wrapped in comment sentinels so that the
 * runtime can give Function.prototype.toString the original text back.
 */
export class Edits {
  private readonly open: string;
  private readonly close: string;

  constructor(
    readonly text: Rewrite,
    readonly names: ProbeNames,
  ) {
    [this.open, this.close] = insertionSentinels(names);
  }

  /** An opener: lands before anything an inner node put at the same position. */
  private before(position: number, code: string): void {
    const afterSlash = this.text.original[position - 1] === '/';
    this.text.prependRight(position, afterSlash ? ` ${this.open}${SPACE_BEFORE_MARKER}${code}${this.close}` : `${this.open}${code}${this.close}`);
  }

  /** A closer: lands after anything an inner node put at the same position. */
  private after(position: number, code: string): void {
    this.text.appendLeft(position, `${this.open}${code}${this.close}`);
  }

  /** Both halves of a shape, around the original text from `start` to `end`. */
  private around(start: number, end: number, [before, after]: Around): void {
    this.before(start, before);
    this.after(end, after);
  }

  wrapBlockBody(body: t.BlockStatement, index: number): void {
    const directives = body.directives;
    const [enter, exit] = timedBlockBody(this.names, index, directives.length > 0);
    if (directives.length > 0) this.after(directives[directives.length - 1].end!, enter);
    else this.after(body.start! + 1, enter);
    this.after(body.end! - 1, exit);
  }

  wrapExpressionBody(arrow: t.ArrowFunctionExpression, index: number): void {
    const body = arrow.body as t.Expression;
    const start = (body.extra?.parenStart as number | undefined) ?? body.start!;
    this.around(start, arrow.end!, timedExpressionBody(this.names, index));
  }

  wrapSuspension(node: t.AwaitExpression | t.YieldExpression): void {
    const awaitsCall = node.type === 'AwaitExpression' && isAwaitedCall(node.argument);
    const suspend: SuspendProbe = node.type === 'YieldExpression' ? PROBE.suspendYield : awaitsCall ? PROBE.suspendCall : PROBE.suspend;
    const [resumeBefore, resumeAfterNode] = resumeAfter(this.names, awaitsCall);
    this.before(node.start!, resumeBefore);
    if (node.argument) {
      this.around(node.argument.start!, node.argument.end!, aroundOperand(node.argument, suspendBefore(this.names, suspend)));
      this.after(node.end!, resumeAfterNode);
    } else {
      this.after(node.end!, `${bareSuspension(this.names, suspend)}${resumeAfterNode}`);
    }
  }

  /** Async generators await a returned value before their finally blocks run. */
  suspendBeforeReturn(argument: t.Expression): void {
    this.around(argument.start!, argument.end!, aroundOperand(argument, suspendBefore(this.names, PROBE.suspend)));
  }

  /** After every closer that ends at the same place, so that the next line cannot continue the statement. */
  terminateStatement(statement: t.Statement): void {
    this.after(statement.end!, STATEMENT_END);
  }

  resumeAtTop(block: t.BlockStatement): void {
    this.after(block.start! + 1, resumeStatement(this.names));
  }

  /** The implicit awaits of `for await` suspend inside the wrapped iterator; the body and what follows resume. */
  wrapForAwait(loop: t.ForOfStatement, outermost: t.Statement): void {
    this.around(loop.right.start!, loop.right.end!, aroundOperand(loop.right, iterableForAwait(this.names, notAsyncIterableMessage(loop.right))));
    if (loop.body.type === 'BlockStatement') this.resumeAtTop(loop.body);
    else this.around(loop.body.start!, loop.body.end!, resumingLoopBody(this.names));
    this.around(outermost.start!, outermost.end!, resumeAfterLoop(this.names));
  }
}
