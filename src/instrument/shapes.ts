import type * as t from '@babel/types';
import { INSTRUMENTED_MARKER, OPERAND, PROBE, RUNTIME_GLOBAL_KEY, entryAround, probeCall, probeCallAround, type Around, type SiteRow } from '../probe-contract';
import type { ProbeNames } from './probe-names';
import { sourceLiteral } from './source-literal';

/**
 * Every piece of code the instrumenter inserts, as text; edits.ts decides where
 * each piece goes and wraps it in sentinels, prologue.ts which prologue a file
 * gets. Probe calls are written through the contract's typed emitters. With R
 * the runtime binding, F the frame and B the file's first function id:
 *
 *   function body      var F=R.e(B+N);try{ … }finally{R.x(F)}
 *   x => value         x => {var F=R.e(B+N);try{return value}finally{R.x(F)}}
 *   await x            R.r(F,await R.s(F,x))
 *   await g()          R.r(R.m(F),await R.sc(F,g()))
 *   yield x, yield     R.r(F,yield R.sy(F,x)), R.r(F,yield R.sy(F))
 *   return x           return R.s(F,x)              (async generators only)
 *   catch, finally     { R.r(F); … }
 *   for await          {for await (… of R.fa(F,xs,"message")) {R.r(F); …};R.r(F)}
 *   prologue           /*tsprof:instrumented*\/var R=require("…"),B=R.register("file",[sites]);
 *
 * No piece contains a newline, so every line keeps its number.
 */

export type SuspendProbe = typeof PROBE.suspend | typeof PROBE.suspendYield | typeof PROBE.suspendCall;

/** The activation timed from the top of a block body, and ended however the body ends. */
export function timedBlockBody({ runtime, base, frame }: ProbeNames, index: number, afterDirectives: boolean): Around {
  const [enterBefore, enterAfter] = entryAround(runtime);
  const enter = `${enterBefore}${base}+${index}${enterAfter};try{`;
  return [afterDirectives ? `;${enter}` : enter, `}finally{${probeCall(runtime, PROBE.exit, frame)}}`];
}

/** `x => value` becomes a block that returns the value; `return` stays on the value's line. */
export function timedExpressionBody(names: ProbeNames, index: number): Around {
  const [enter, exit] = timedBlockBody(names, index, false);
  return [`{${enter}return `, `${exit}}`];
}

/**
 * An operand moved into a probe's arguments stays one argument: `await (a, b)`
 * has its parentheses outside the operand's span, so a sequence gets its own.
 */
export function aroundOperand(operand: t.Node, [before, after]: Around): Around {
  return operand.type === 'SequenceExpression' ? [`${before}(`, `)${after}`] : [before, after];
}

/** Around an await or yield: resumed after it; with `chargedToCall`, the mark says which call the wait is for. */
export function resumeAfter({ runtime, frame }: ProbeNames, chargedToCall: boolean): Around {
  return probeCallAround(runtime, PROBE.resume, chargedToCall ? probeCall(runtime, PROBE.mark, frame) : frame, OPERAND);
}

/** Around the operand of an await or yield, or of an async generator's return. */
export function suspendBefore({ runtime, frame }: ProbeNames, probe: SuspendProbe): Around {
  return probeCallAround(runtime, probe, frame, OPERAND);
}

/** What a bare `yield` yields instead of nothing: the suspension, whose value is undefined too. */
export function bareSuspension({ runtime, frame }: ProbeNames, probe: SuspendProbe): string {
  return ` ${probeCall(runtime, probe, frame)}`;
}

/** At the top of a catch or finally block, or of a for-await body: execution resumes there. */
export function resumeStatement({ runtime, frame }: ProbeNames): string {
  return `${probeCall(runtime, PROBE.resume, frame)};`;
}

/** A for-await body that is not a block becomes one, to resume at its top. */
export function resumingLoopBody(names: ProbeNames): Around {
  return [`{${resumeStatement(names)}`, '}'];
}

/** Around the iterable of `for await`; the message is V8's for a value that is not iterable. */
export function iterableForAwait({ runtime, frame }: ProbeNames, notIterableMessage: string | null): Around {
  if (notIterableMessage === null) return probeCallAround(runtime, PROBE.forAwait, frame, OPERAND);
  return probeCallAround(runtime, PROBE.forAwait, frame, OPERAND, sourceLiteral(notIterableMessage));
}

/** Around the whole `for await` statement: the code after the loop resumes, however the loop ends. */
export function resumeAfterLoop({ runtime, frame }: ProbeNames): Around {
  return ['{', `;${probeCall(runtime, PROBE.resume, frame)}}`];
}

/** Written out after a statement that automatic semicolon insertion ended (semicolons.ts). */
export const STATEMENT_END = ';';

/** How the prologue reaches the runtime, besides `import`. */
export function requireRuntime(callee: string, specifier: string): string {
  return `${callee}(${sourceLiteral(specifier)})`;
}

export function globalRuntime(): string {
  return `globalThis[Symbol.for(${sourceLiteral(RUNTIME_GLOBAL_KEY)})]`;
}

function registration({ runtime }: ProbeNames, file: string, sites: SiteRow[]): string {
  return probeCall(runtime, PROBE.register, sourceLiteral(file), sourceLiteral(sites));
}

/** The prologue of an ES module that imports the runtime. */
export function importingPrologue(names: ProbeNames, specifier: string, file: string, sites: SiteRow[]): string {
  return `${INSTRUMENTED_MARKER}import ${names.runtime} from ${sourceLiteral(specifier)};var ${names.base}=${registration(names, file, sites)};`;
}

/** The prologue that binds the runtime from an expression (requireRuntime, globalRuntime). */
export function bindingPrologue(names: ProbeNames, runtimeExpression: string, file: string, sites: SiteRow[]): string {
  return `${INSTRUMENTED_MARKER}var ${names.runtime}=${runtimeExpression},${names.base}=${registration(names, file, sites)};`;
}

/** A prologue after a file's directive prologue ends the last directive first. */
export function afterDirectives(prologue: string): string {
  return `;${prologue}`;
}
