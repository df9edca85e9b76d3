import traverse, { type NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import MagicString from 'magic-string';
import { Edits, type FunctionPlan } from './edits';
import { assertEngineAccepts } from './engine-syntax';
import { functionName } from './names';
import { parseSource, type ModuleFormat } from './parse';
import { INSTRUMENTED_MARKER, RUNTIME_GLOBAL_KEY, chooseProbeNames, type ProbeNames } from './probe-names';
import { reasonNotToWrap } from './safety';
import { PROBE, type SiteRow } from '../probe-contract';
import { sourceLiteral } from './source-literal';
import { composeMaps, findInputMap, inlineSourceMapComment, originalLocator, type OriginalLocator, type OriginalPlace } from './source-map';
import { CannotInstrument, isStackOverflow } from './refusal';

export interface InstrumentOptions {
  /** Absolute path of the file, used for names, positions and the source map. */
  filename: string;
  format: ModuleFormat;
  /** What the prologue loads the runtime from: a path for `require`, a URL for `import`. */
  runtimeSpecifier: string;
  /**
   * How the prologue loads the runtime; by default `import` in ES modules and
   * `require` in scripts. TypeScript that is written with `import` but compiled
   * to CommonJS afterwards needs `require`. `global` reads it from the global
   * object (RUNTIME_GLOBAL_KEY), for code a test runner evaluates itself, whose
   * `require` and `import` go through the runner's own module registry.
   */
  runtimeLoad?: RuntimeLoad;
}

export type RuntimeLoad = 'import' | 'require' | 'global';

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

/** `name` or `module.name`: what a re-export getter returns. */
function isReference(node: t.Expression): boolean {
  if (node.type === 'Identifier') return true;
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && isReference(node.object as t.Expression);
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
 * The statement that an await or yield ends without a semicolon. Its wrapped
 * form is a call, which the next line could continue where the original ended
 * the statement by automatic semicolon insertion (`yield` or `await x++` or
 * `yield () => {}`, then a line starting with `(`, `[`, `/`, `+` …); such a
 * statement gets an explicit semicolon. Not a loop head's declaration, which
 * its loop ends.
 */
function statementEndedBy(path: NodePath<t.AwaitExpression | t.YieldExpression>): t.Statement | null {
  const statement = path.findParent((parent) => parent.isStatement());
  if (!statement || statement.node.end !== path.node.end) return null;
  if (statement.parentPath?.isFor() && statement.key !== 'body') return null;
  return statement.node as t.Statement;
}

/**
 * `let` alone on a line is an expression statement only because what follows
 * cannot be bound (`let` then `await x`, `yield`, `for await`). A probe call or
 * a block put in front of that would be bound instead, so such a statement
 * gets its semicolon written out.
 */
function isBareLet(statement: t.Node): boolean {
  return (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'Identifier' &&
    statement.expression.name === 'let' &&
    statement.end === statement.expression.end
  );
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
  throw new CannotInstrument('the file declares functions named require and module, so it cannot load the runtime');
}

/** Names the file binds at its top level, which would shadow globals in the prologue. */
function topLevelNames(program: t.Program): Set<string> {
  const names = new Set<string>();
  for (let statement of program.body) {
    while (statement.type === 'LabeledStatement') statement = statement.body;
    if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && statement.id) names.add(statement.id.name);
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) if (declarator.id.type === 'Identifier') names.add(declarator.id.name);
    }
    if (statement.type === 'ImportDeclaration') for (const specifier of statement.specifiers) names.add(specifier.local.name);
  }
  return names;
}

/** `globalThis[Symbol.for(key)]`, unless the file itself binds one of those names. */
function globalRuntimeExpression(program: t.Program): string {
  const bound = topLevelNames(program);
  if (bound.has('globalThis') || bound.has('Symbol')) {
    throw new CannotInstrument('the file declares globalThis or Symbol at its top level, so it cannot reach the runtime');
  }
  return `globalThis[Symbol.for(${sourceLiteral(RUNTIME_GLOBAL_KEY)})]`;
}

function prologueFor(load: RuntimeLoad, program: t.Program, names: ProbeNames, specifier: string, file: string, sites: SiteRow[]): string {
  const register = `${names.runtime}.${PROBE.register}(${sourceLiteral(file)},${sourceLiteral(sites)})`;
  if (load === 'import') return `${INSTRUMENTED_MARKER}import ${names.runtime} from ${sourceLiteral(specifier)};var ${names.base}=${register};`;
  const runtime = load === 'global' ? globalRuntimeExpression(program) : `${requireCallee(program)}(${sourceLiteral(specifier)})`;
  return `${INSTRUMENTED_MARKER}var ${names.runtime}=${runtime},${names.base}=${register};`;
}

export function isInstrumented(code: string): boolean {
  return code.includes(INSTRUMENTED_MARKER);
}

/**
 * Rewrites every function of a file with timing probes. Pure: source in,
 * source out. Throws SyntaxError for what it cannot parse and CannotInstrument
 * (refusal.ts) for what it will not rewrite; the loader then runs the file
 * unchanged.
 */
export function instrument(code: string, options: InstrumentOptions): InstrumentResult {
  try {
    return instrumentParsed(code, options);
  } catch (error) {
    if (isStackOverflow(error)) throw new CannotInstrument('nested too deeply to instrument');
    throw error;
  }
}

function instrumentParsed(code: string, options: InstrumentOptions): InstrumentResult {
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

  /** Statements that end with a wrapped await or yield and no semicolon; see statementEndedBy. */
  const endedByAsi = new WeakSet<t.Node>();
  const markStatementEnd = (path: NodePath<t.AwaitExpression | t.YieldExpression>): void => {
    const statement = statementEndedBy(path);
    if (statement) endedByAsi.add(statement);
  };

  const planOf = (path: NodePath): FunctionPlan | null => {
    const owner = enclosingFunction(path);
    return owner ? (plans.get(owner.node) ?? null) : null;
  };

  /** Async generators await a returned value; a value that ends the statement makes it a call, as an await does. */
  const suspendReturnedValue = (path: NodePath<t.ReturnStatement>): void => {
    const argument = path.node.argument;
    if (!argument || !planOf(path)?.asyncGenerator) return;
    edits.suspendBeforeReturn(argument);
    if (argument.end === path.node.end) endedByAsi.add(path.node);
  };

  const planFunction = (path: NodePath<t.Function>): void => {
    const node = path.node;
    const start = node.loc!.start;
    const original = locator?.locate(start, node.loc!.end) ?? null;
    if (locator && (!original || isReExportGetter(node, original, locator))) {
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
        if (!planOf(path)?.suspends) return;
        edits.wrapSuspension(path.node);
        markStatementEnd(path);
      },
    },
    YieldExpression: {
      exit(path) {
        if (!planOf(path)?.suspends) return;
        edits.wrapSuspension(path.node);
        markStatementEnd(path);
      },
    },
    Statement: {
      exit(path) {
        if (path.isReturnStatement()) suspendReturnedValue(path);
        if (endedByAsi.has(path.node) || (isBareLet(path.node) && planOf(path)?.suspends)) edits.terminateStatement(path.node);
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

  const mapOptions = { source: options.filename, file: options.filename, hires: 'boundary', includeContent: true } as const;
  const map = inputMap ? composeMaps(text.generateDecodedMap(mapOptions) as never, inputMap) : text.generateMap(mapOptions);
  const output = text.toString();
  const separator = output.endsWith('\n') ? '' : '\n';
  return { code: `${output}${separator}${inlineSourceMapComment(map)}\n`, functions: sites.length, skipped };
}
