import type * as t from '@babel/types';

/**
 * What the instrumenter does for each kind of function. A function has a
 * shape (how it is written, which decides how its body is wrapped) and a
 * timing (whether its activation can be suspended, which decides what inside
 * it gets suspend and resume probes); its treatment is one row of each table.
 *
 * Not functions of ours: a class field initialiser and a static block run in
 * no activation of an instrumented function (visit-state.ts enclosingFunction),
 * and the functions inside them are functions of their own.
 */

type Shape =
  | 'declaration'
  | 'expression'
  | 'arrowBlockBody'
  | 'arrowExpressionBody'
  | 'method'
  | 'constructor'
  | 'classAccessor'
  | 'objectGetter'
  | 'objectSetter';

type Timing = 'plain' | 'async' | 'generator' | 'asyncGenerator';

interface ShapeTreatment {
  /** A block body gets try/finally inside its braces; an expression body becomes a block that returns it. */
  body: 'block' | 'expression';
  /** A compiler may have written it (export getters: compiler-getters.ts), which the source map shows. */
  mayBeCompilerWritten: boolean;
}

interface TimingTreatment {
  /** Its awaits, yields and for-await loops suspend the activation; catch and finally resume it. */
  suspends: boolean;
  /** `return value` waits for the value before finally blocks run, so it suspends too. */
  returnSuspends: boolean;
}

export type FunctionTreatment = ShapeTreatment & TimingTreatment;

const BLOCK: ShapeTreatment = { body: 'block', mayBeCompilerWritten: false };

const BY_SHAPE: Record<Shape, ShapeTreatment> = {
  declaration: BLOCK,
  expression: BLOCK,
  // Vite 7+ exports a binding as `__vite_ssr_exportName__("name", () => { try { return name } catch {} })`.
  arrowBlockBody: { body: 'block', mayBeCompilerWritten: true },
  arrowExpressionBody: { body: 'expression', mayBeCompilerWritten: false },
  method: BLOCK,
  constructor: BLOCK,
  classAccessor: BLOCK,
  // swc re-exports a binding as `_export(exports, { get name() { return name; } })`.
  objectGetter: { body: 'block', mayBeCompilerWritten: true },
  objectSetter: BLOCK,
};

const BY_TIMING: Record<Timing, TimingTreatment> = {
  plain: { suspends: false, returnSuspends: false },
  async: { suspends: true, returnSuspends: false },
  generator: { suspends: true, returnSuspends: false },
  asyncGenerator: { suspends: true, returnSuspends: true },
};

function shapeOf(node: t.Function): Shape {
  switch (node.type) {
    case 'FunctionDeclaration':
      return 'declaration';
    case 'FunctionExpression':
      return 'expression';
    case 'ArrowFunctionExpression':
      return node.body.type === 'BlockStatement' ? 'arrowBlockBody' : 'arrowExpressionBody';
    case 'ObjectMethod':
      return node.kind === 'get' ? 'objectGetter' : node.kind === 'set' ? 'objectSetter' : 'method';
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return node.kind === 'constructor' ? 'constructor' : node.kind === 'method' ? 'method' : 'classAccessor';
  }
}

function timingOf(node: t.Function): Timing {
  if (node.async) return node.generator ? 'asyncGenerator' : 'async';
  return node.generator ? 'generator' : 'plain';
}

/** Every row of the two tables joined once; treatments are shared and never changed. */
const TREATMENTS = new Map<string, FunctionTreatment>();
for (const [shape, byShape] of Object.entries(BY_SHAPE)) {
  for (const [timing, byTiming] of Object.entries(BY_TIMING)) TREATMENTS.set(`${shape} ${timing}`, Object.freeze({ ...byShape, ...byTiming }));
}

export function treatmentOf(node: t.Function): FunctionTreatment {
  return TREATMENTS.get(`${shapeOf(node)} ${timingOf(node)}`)!;
}
