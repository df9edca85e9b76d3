import type * as t from '@babel/types';
import type MagicString from 'magic-string';
import { notAsyncIterableMessage } from './not-iterable-message';
import { SPACE_BEFORE_MARKER, insertionSentinels, type ProbeNames } from './probe-names';
import { sourceLiteral } from './source-literal';
import { PROBE, entryStart } from '../probe-contract';

export interface FunctionPlan {
  index: number;
  name: string;
  /** Async functions and generators suspend; their awaits/yields get probes. */
  suspends: boolean;
  asyncGenerator: boolean;
}

/**
 * Edits are applied in post-order (children before parents). Openers use
 * prependRight and closers appendLeft, so at a shared position an outer node's
 * opener lands before an inner one's and its closer after — the nesting is kept
 * without ever re-printing the file. No edit contains a newline, so every line
 * keeps its number. Every inserted piece is wrapped in comment sentinels so
 * that the runtime can give Function.prototype.toString the original text back.
 */
/**
 * An operand moved into a probe's arguments stays one argument: `await (a, b)`
 * has its parentheses outside the operand's span, so a sequence gets its own.
 */
function asArgument(node: t.Node): [string, string] {
  return node.type === 'SequenceExpression' ? ['(', ')'] : ['', ''];
}

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

export class Edits {
  private readonly open: string;
  private readonly close: string;

  constructor(
    readonly text: MagicString,
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

  private call(probe: string, argument?: string): string {
    const { runtime, frame } = this.names;
    return argument === undefined ? `${runtime}.${probe}(${frame})` : `${runtime}.${probe}(${frame},${argument}`;
  }

  wrapBlockBody(body: t.BlockStatement, plan: FunctionPlan): void {
    const { runtime, base, frame } = this.names;
    const directives = body.directives;
    const enter = `${entryStart(runtime)}${base}+${plan.index});try{`;
    if (directives.length > 0) this.after(directives[directives.length - 1].end!, `;${enter}`);
    else this.after(body.start! + 1, enter);
    this.after(body.end! - 1, `}finally{${runtime}.${PROBE.exit}(${frame})}`);
  }

  /** `x => expr` becomes `x => {…try{return expr}finally{…}}`; `return` stays on expr's line. */
  wrapExpressionBody(arrow: t.ArrowFunctionExpression, plan: FunctionPlan): void {
    const { runtime, base, frame } = this.names;
    const body = arrow.body as t.Expression;
    const start = (body.extra?.parenStart as number | undefined) ?? body.start!;
    this.before(start, `{${entryStart(runtime)}${base}+${plan.index});try{return `);
    this.after(arrow.end!, `}finally{${runtime}.${PROBE.exit}(${frame})}}`);
  }

  /**
   * `await x` → `r(f, await s(f, x))`: suspended while waiting, resumed after.
   * `await g()` → `r(m(f), await sc(f, g()))`: the wait is also charged to the
   * edge to g, so a caller shows which call it was waiting for.
   */
  wrapSuspension(node: t.AwaitExpression | t.YieldExpression): void {
    const { runtime, frame } = this.names;
    const awaitsCall = node.type === 'AwaitExpression' && isAwaitedCall(node.argument);
    const suspend = node.type === 'YieldExpression' ? PROBE.suspendYield : awaitsCall ? PROBE.suspendCall : PROBE.suspend;
    this.before(node.start!, awaitsCall ? `${runtime}.${PROBE.resume}(${runtime}.${PROBE.mark}(${frame}),` : this.call(PROBE.resume, ''));
    if (node.argument) {
      const [open, close] = asArgument(node.argument);
      this.before(node.argument.start!, `${this.call(suspend, '')}${open}`);
      this.after(node.argument.end!, `${close})`);
      this.after(node.end!, ')');
    } else {
      this.after(node.end!, ` ${this.call(suspend)})`);
    }
  }

  /** Async generators await a returned value before their finally blocks run. */
  suspendBeforeReturn(argument: t.Expression): void {
    const [open, close] = asArgument(argument);
    this.before(argument.start!, `${this.call(PROBE.suspend, '')}${open}`);
    this.after(argument.end!, `${close})`);
  }

  /** After every closer that ends at the same place, so that the next line cannot continue the statement. */
  terminateStatement(statement: t.Statement): void {
    this.after(statement.end!, ';');
  }

  resumeAtTop(block: t.BlockStatement): void {
    this.after(block.start! + 1, `${this.call(PROBE.resume)};`);
  }

  /** The implicit awaits of `for await` suspend inside the wrapped iterator; the body and what follows resume. */
  wrapForAwait(loop: t.ForOfStatement, outermost: t.Statement): void {
    const [open, close] = asArgument(loop.right);
    const message = notAsyncIterableMessage(loop.right);
    this.before(loop.right.start!, `${this.call(PROBE.forAwait, '')}${open}`);
    this.after(loop.right.end!, `${close}${message === null ? '' : `,${sourceLiteral(message)}`})`);
    if (loop.body.type === 'BlockStatement') {
      this.resumeAtTop(loop.body);
    } else {
      this.before(loop.body.start!, `{${this.call(PROBE.resume)};`);
      this.after(loop.body.end!, '}');
    }
    this.before(outermost.start!, '{');
    this.after(outermost.end!, `;${this.call(PROBE.resume)}}`);
  }
}

