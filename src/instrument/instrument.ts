import traverse, { type NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import MagicString from 'magic-string';
import { assertEngineAccepts } from './engine-syntax';
import { functionName } from './names';
import { notAsyncIterableMessage } from './not-iterable-message';
import { parseSource, type ModuleFormat } from './parse';
import { INSTRUMENTED_MARKER, chooseProbeNames, type ProbeNames } from './probe-names';
import { reasonNotToWrap } from './safety';
import { composeMaps, findInputMap, inlineSourceMapComment, originalLocator, type OriginalLocator } from './source-map';

export interface InstrumentOptions {
  /** Absolute path of the file, used for names, positions and the source map. */
  filename: string;
  format: ModuleFormat;
  /** What the prologue loads the runtime from: a path for `require`, a URL for `import`. */
  runtimeSpecifier: string;
  /**
   * How the prologue loads the runtime; by default `import` in ES modules and
   * `require` in scripts. TypeScript that is written with `import` but compiled
   * to CommonJS afterwards needs `require`.
   */
  runtimeLoad?: 'import' | 'require';
}

export interface SkippedFunction {
  name: string;
  line: number;
  reason: string;
}

export interface InstrumentResult {
  code: string;
  /** Number of functions that received probes. */
  functions: number;
  skipped: SkippedFunction[];
}

/**
 * [display name, line, column] of each instrumented function, in id order, with
 * the original file as a fourth entry when a source map puts it elsewhere.
 */
type SiteRow = [string, number, number] | [string, number, number, string];

interface FunctionPlan {
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
 * keeps its number.
 */
class Edits {
  constructor(
    readonly text: MagicString,
    readonly names: ProbeNames,
  ) {}

  private call(probe: string, argument?: string): string {
    const { runtime, frame } = this.names;
    return argument === undefined ? `${runtime}.${probe}(${frame})` : `${runtime}.${probe}(${frame},${argument}`;
  }

  wrapBlockBody(body: t.BlockStatement, plan: FunctionPlan): void {
    const { runtime, base, frame } = this.names;
    const directives = body.directives;
    const enter = `var ${frame}=${runtime}.e(${base}+${plan.index});try{`;
    if (directives.length > 0) this.text.appendLeft(directives[directives.length - 1].end!, `;${enter}`);
    else this.text.appendLeft(body.start! + 1, enter);
    this.text.appendLeft(body.end! - 1, `}finally{${runtime}.x(${frame})}`);
  }

  /** `x => expr` becomes `x => {…try{return expr}finally{…}}`; `return` stays on expr's line. */
  wrapExpressionBody(arrow: t.ArrowFunctionExpression, plan: FunctionPlan): void {
    const { runtime, base, frame } = this.names;
    const body = arrow.body as t.Expression;
    const start = (body.extra?.parenStart as number | undefined) ?? body.start!;
    this.text.prependRight(start, `{var ${frame}=${runtime}.e(${base}+${plan.index});try{return `);
    this.text.appendLeft(arrow.end!, `}finally{${runtime}.x(${frame})}}`);
  }

  /**
   * `await x` → `r(f, await s(f, x))`: suspended while waiting, resumed after.
   * `await g()` → `r(m(f), await sc(f, g()))`: the wait is also charged to the
   * edge to g, so a caller shows which call it was waiting for.
   */
  wrapSuspension(node: t.AwaitExpression | t.YieldExpression): void {
    const { runtime, frame } = this.names;
    const awaitsCall = node.type === 'AwaitExpression' && isAwaitedCall(node.argument);
    this.text.prependRight(node.start!, awaitsCall ? `${runtime}.r(${runtime}.m(${frame}),` : this.call('r', ''));
    if (node.argument) {
      const [open, close] = asArgument(node.argument);
      this.text.prependRight(node.argument.start!, `${this.call(awaitsCall ? 'sc' : 's', '')}${open}`);
      this.text.appendLeft(node.argument.end!, `${close})`);
      this.text.appendLeft(node.end!, ')');
    } else {
      this.text.appendLeft(node.end!, ` ${this.call('s')})`);
    }
  }

  /** Async generators await a returned value before their finally blocks run. */
  suspendBeforeReturn(argument: t.Expression): void {
    const [open, close] = asArgument(argument);
    this.text.prependRight(argument.start!, `${this.call('s', '')}${open}`);
    this.text.appendLeft(argument.end!, `${close})`);
  }

  resumeAtTop(block: t.BlockStatement): void {
    this.text.appendLeft(block.start! + 1, `${this.call('r')};`);
  }

  /** The implicit awaits of `for await` suspend inside the wrapped iterator; the body and what follows resume. */
  wrapForAwait(loop: t.ForOfStatement, outermost: t.Statement): void {
    const [open, close] = asArgument(loop.right);
    const message = notAsyncIterableMessage(loop.right);
    this.text.prependRight(loop.right.start!, `${this.call('fa', '')}${open}`);
    this.text.appendLeft(loop.right.end!, `${close}${message === null ? '' : `,${sourceLiteral(message)}`})`);
    if (loop.body.type === 'BlockStatement') {
      this.resumeAtTop(loop.body);
    } else {
      this.text.prependRight(loop.body.start!, `{${this.call('r')};`);
      this.text.appendLeft(loop.body.end!, '}');
    }
    this.text.prependRight(outermost.start!, '{');
    this.text.appendLeft(outermost.end!, `;${this.call('r')}}`);
  }
}

/**
 * An operand moved into a probe's arguments stays one argument: `await (a, b)`
 * has its parentheses outside the operand's span, so a sequence gets its own.
 */
function asArgument(node: t.Node): [string, string] {
  return node.type === 'SequenceExpression' ? ['(', ')'] : ['', ''];
}

/**
 * A literal for generated code. JSON leaves U+2028 and U+2029 raw, and V8
 * counts those as line breaks, so they are escaped to keep every line.
 */
function sourceLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The function whose activation runs the code at `path`. A method's computed
 * key runs in the scope around the method, and a class static block in no
 * function of ours.
 */
function enclosingFunction(path: NodePath): NodePath | null {
  for (let child = path, parent = path.parentPath; parent; child = parent, parent = parent.parentPath) {
    if (parent.isStaticBlock()) return null;
    if (parent.isFunction() && child.key !== 'key' && child.listKey !== 'decorators') return parent;
  }
  return null;
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

/**
 * A file's own top-level `function require` is hoisted over the module's
 * before the prologue runs; the prologue then loads through `module.require`.
 */
function requireCallee(program: t.Program): string {
  const hoisted = new Set<string>();
  for (let statement of program.body) {
    while (statement.type === 'LabeledStatement') statement = statement.body;
    if (statement.type === 'FunctionDeclaration' && statement.id) hoisted.add(statement.id.name);
  }
  if (!hoisted.has('require')) return 'require';
  if (!hoisted.has('module')) return 'module.require';
  throw new Error('the file declares functions named require and module, so it cannot load the runtime');
}

function prologueFor(load: 'import' | 'require', program: t.Program, names: ProbeNames, specifier: string, file: string, sites: SiteRow[]): string {
  const register = `${names.runtime}.register(${sourceLiteral(file)},${sourceLiteral(sites)})`;
  return load === 'import'
    ? `${INSTRUMENTED_MARKER}import ${names.runtime} from ${sourceLiteral(specifier)};var ${names.base}=${register};`
    : `${INSTRUMENTED_MARKER}var ${names.runtime}=${requireCallee(program)}(${sourceLiteral(specifier)}),${names.base}=${register};`;
}

export function isInstrumented(code: string): boolean {
  return code.includes(INSTRUMENTED_MARKER);
}

/**
 * Rewrites every function of a file with timing probes. Pure: source in,
 * source out. Throws when the file cannot be parsed; callers fail open.
 */
export function instrument(code: string, options: InstrumentOptions): InstrumentResult {
  const ast = parseSource(code, options.filename, options.format);
  const names = chooseProbeNames(code);
  const text = new MagicString(code);
  const edits = new Edits(text, names);
  const inputMap = findInputMap(code, options.filename);
  const locator: OriginalLocator | null = inputMap ? originalLocator(inputMap) : null;
  const plans = new WeakMap<t.Node, FunctionPlan | null>();
  /** Name that nested callbacks are called after: the nearest function that has a real name. */
  const namedOwner = new WeakMap<t.Node, string | null>();
  const sites: SiteRow[] = [];
  const skipped: SkippedFunction[] = [];
  const siteFile = locator?.firstSource() ?? options.filename;

  const planOf = (path: NodePath): FunctionPlan | null => {
    const owner = enclosingFunction(path);
    return owner ? (plans.get(owner.node) ?? null) : null;
  };

  const planFunction = (path: NodePath<t.Function>): void => {
    const node = path.node;
    const start = node.loc!.start;
    const original = locator?.locate(start, node.loc!.end) ?? null;
    if (locator && !original) {
      // Generated by the compiler, not written by the user: leave it alone.
      plans.set(node, null);
      return;
    }
    const line = original?.line ?? start.line;
    const enclosing = path.parentPath.getFunctionParent();
    const owner = enclosing ? (namedOwner.get(enclosing.node) ?? null) : null;
    const name = functionName(path, original?.file ?? options.filename, line, owner);
    namedOwner.set(node, name.startsWith(`${owner}/`) || name.startsWith('<anonymous>') || name.includes(' callback (') ? owner : name);
    const reason = reasonNotToWrap(path);
    if (reason) {
      plans.set(node, null);
      skipped.push({ name, line, reason });
      return;
    }
    plans.set(node, { index: sites.length, name, suspends: Boolean(node.async || node.generator), asyncGenerator: Boolean(node.async && node.generator) });
    const column = (original?.column ?? start.column) + 1;
    sites.push(original && original.file !== siteFile ? [name, line, column, original.file] : [name, line, column]);
  };

  traverse(ast, {
    noScope: true,
    Function: {
      enter: planFunction,
      exit(path) {
        const plan = plans.get(path.node);
        if (!plan) return;
        const node = path.node;
        if (node.body.type === 'BlockStatement') edits.wrapBlockBody(node.body, plan);
        else edits.wrapExpressionBody(node as t.ArrowFunctionExpression, plan);
      },
    },
    AwaitExpression: {
      exit(path) {
        if (planOf(path)?.suspends) edits.wrapSuspension(path.node);
      },
    },
    YieldExpression: {
      exit(path) {
        if (planOf(path)?.suspends) edits.wrapSuspension(path.node);
      },
    },
    ForOfStatement: {
      exit(path) {
        if (!path.node.await || !planOf(path)?.suspends) return;
        let outermost: NodePath = path;
        while (outermost.parentPath?.isLabeledStatement()) outermost = outermost.parentPath;
        edits.wrapForAwait(path.node, outermost.node as t.Statement);
      },
    },
    CatchClause: {
      exit(path) {
        if (planOf(path)?.suspends) edits.resumeAtTop(path.node.body);
      },
    },
    TryStatement: {
      exit(path) {
        if (path.node.finalizer && planOf(path)?.suspends) edits.resumeAtTop(path.node.finalizer);
      },
    },
    ReturnStatement: {
      exit(path) {
        if (path.node.argument && planOf(path)?.asyncGenerator) edits.suspendBeforeReturn(path.node.argument);
      },
    },
    RegExpLiteral(path) {
      assertEngineAccepts(path.node);
    },
    VariableDeclaration(path) {
      assertEngineAccepts(path.node);
    },
  });

  const program = ast.program;
  const firstStatement = program.body[0];
  if (!firstStatement && program.directives.length === 0) return { code, functions: 0, skipped };
  const load = options.runtimeLoad ?? (program.sourceType === 'module' ? 'import' : 'require');
  const prologue = prologueFor(load, program, names, options.runtimeSpecifier, siteFile, sites);
  if (program.directives.length > 0) text.appendLeft(program.directives[program.directives.length - 1].end!, `;${prologue}`);
  else text.prependLeft(firstStatement.start!, prologue);
  if (inputMap) text.remove(inputMap.commentStart, inputMap.commentEnd);

  const ownMap = text.generateMap({ source: options.filename, file: options.filename, hires: 'boundary', includeContent: true });
  const map = composeMaps(ownMap as never, inputMap);
  const output = text.toString();
  const separator = output.endsWith('\n') ? '' : '\n';
  return { code: `${output}${separator}${inlineSourceMapComment(map)}\n`, functions: sites.length, skipped };
}
