import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { isGlob } from './filter';
import { searchIncludedFiles } from './included-files';
import { moduleHooksKind } from './module-hooks-kind';

/**
 * Whether any included file may reach Node's ES module loader, decided once
 * by the CLI (or tsprof/register) from the files themselves. Where none can,
 * processes that would use the off-thread module hooks (Node 20, or
 * TSPROF_MODULE_HOOKS=off-thread) skip them, whose thread costs about 45 ms
 * of start-up in every process; CommonJS is instrumented in _compile either
 * way. Where this Node takes the in-thread hooks nobody needs the answer, and
 * reading the files cost up to some 10 ms before the command started for an
 * included package of CommonJS (amqplib 8 ms, ioredis 10, lodash 26). Every
 * doubt answers yes: a glob, TypeScript or JSX
 * (tsx and Node itself load those through module hooks), .mjs/.mts, a .js in
 * a "type": "module" package or with import/export statements (Node 22
 * detects those as ES modules), or more files than are worth reading.
 */

const ALWAYS_POSSIBLE = new Set(['.mjs', '.mts', '.ts', '.tsx', '.cts', '.jsx']);
const MAX_FILES = 20_000;
/** An import or export statement at the start of a line (comments and strings may answer yes: that only costs the thread). */
const ES_MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w{*'"]|export[ \t]+|export[ \t]*[{*])/m;

function packageTypeIsModule(directory: string, known: Map<string, boolean>): boolean {
  const cached = known.get(directory);
  if (cached !== undefined) return cached;
  let isModule: boolean;
  try {
    isModule = (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch (error) {
    const parent = dirname(directory);
    isModule = (error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== directory ? packageTypeIsModule(parent, known) : false;
  }
  known.set(directory, isModule);
  return isModule;
}

/** Type declarations are never loaded. */
const DECLARATION = /\.d\.[cm]?ts$/;

function mayBeEsModule(file: string, packageTypes: Map<string, boolean>): boolean {
  if (DECLARATION.test(file)) return false;
  const extension = extname(file);
  if (ALWAYS_POSSIBLE.has(extension)) return true;
  if (extension !== '.js') return false;
  if (packageTypeIsModule(dirname(file), packageTypes)) return true;
  try {
    return ES_MODULE_SYNTAX.test(readFileSync(file, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * The configuration's `esModules`: the files' answer where this Node uses the
 * off-thread hooks; absent ("may") where it takes the in-thread ones. A child
 * process that runs another Node, one without in-thread hooks, then starts
 * the hooks thread, as it would for an ES module: slower, never wrong.
 */
export function esModulesSetting(include: string[], exclude: string[], environment: NodeJS.ProcessEnv = process.env, hasRegisterHooks?: boolean): boolean | undefined {
  return moduleHooksKind(environment, hasRegisterHooks) === 'in-thread' ? undefined : includesPossibleEsModules(include, exclude);
}

export function includesPossibleEsModules(include: string[], exclude: string[]): boolean {
  if (include.some(isGlob)) return true;
  const packageTypes = new Map<string, boolean>();
  return searchIncludedFiles(include, include, exclude, (file) => mayBeEsModule(file, packageTypes), MAX_FILES) !== 'none';
}
