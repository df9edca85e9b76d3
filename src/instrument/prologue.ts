import type * as t from '@babel/types';
import type { Rewrite } from './rewrite';
import type { SiteRow } from '../probe-contract';
import type { ProbeNames } from './probe-names';
import { CannotInstrument } from './refusal';
import { afterDirectives, bindingPrologue, globalRuntime, importingPrologue, requireRuntime } from './shapes';

/**
 * How the prologue loads the runtime: `import` in ES modules and `require` in
 * scripts by default. TypeScript that is written with `import` but compiled to
 * CommonJS afterwards needs `require`. `global` reads it from the global object
 * (RUNTIME_GLOBAL_KEY), for code a test runner evaluates itself, whose
 * `require` and `import` go through the runner's own module registry.
 */
export type RuntimeLoad = 'import' | 'require' | 'global';

/** What the prologue needs besides the file's own syntax tree. */
export interface PrologueInputs {
  load: RuntimeLoad | undefined;
  names: ProbeNames;
  /** What the runtime is loaded from: a path for `require`, a URL for `import`. */
  specifier: string;
  /** The file the site rows belong to. */
  file: string;
  sites: SiteRow[];
}

function unlabelledTopLevel(program: t.Program): t.Statement[] {
  return program.body.map((statement) => {
    while (statement.type === 'LabeledStatement') statement = statement.body;
    return statement;
  });
}

/**
 * A file's own top-level `function require` is hoisted over the module's
 * before the prologue runs; the prologue then loads through `module.require`.
 */
function requireCallee(program: t.Program): string {
  const hoisted = new Set<string>();
  for (const statement of unlabelledTopLevel(program)) {
    if (statement.type === 'FunctionDeclaration' && statement.id) hoisted.add(statement.id.name);
  }
  if (!hoisted.has('require')) return 'require';
  if (!hoisted.has('module')) return 'module.require';
  throw new CannotInstrument('the file declares functions named require and module, so it cannot load the runtime');
}

/** Names the file binds at its top level, which would shadow globals in the prologue. */
function topLevelNames(program: t.Program): Set<string> {
  const names = new Set<string>();
  for (const statement of unlabelledTopLevel(program)) {
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
  return globalRuntime();
}

function prologueFor(program: t.Program, { load, names, specifier, file, sites }: PrologueInputs): string {
  const chosen = load ?? (program.sourceType === 'module' ? 'import' : 'require');
  if (chosen === 'import') return importingPrologue(names, specifier, file, sites);
  const runtime = chosen === 'global' ? globalRuntimeExpression(program) : requireRuntime(requireCallee(program), specifier);
  return bindingPrologue(names, runtime, file, sites);
}

/**
 * Puts the prologue before the first statement, or after the directives, which
 * must stay first. Returns false for a file with neither: there is nothing to
 * run, so it stays as it is.
 */
export function addPrologue(text: Rewrite, program: t.Program, inputs: PrologueInputs): boolean {
  const firstStatement = program.body[0];
  if (!firstStatement && program.directives.length === 0) return false;
  const prologue = prologueFor(program, inputs);
  if (program.directives.length > 0) text.appendLeft(program.directives[program.directives.length - 1].end!, afterDirectives(prologue));
  else text.prependLeft(firstStatement.start!, prologue);
  return true;
}
