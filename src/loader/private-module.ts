import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';

/**
 * Loads one of tsprof's own self-contained bundles without Node's module
 * loader: no Module._extensions, _compile, _load or _resolveFilename, no
 * module hooks, no require.cache entry. Whatever require hook, loader or
 * patch the profiled program installs (babel-register, pirates, ts-node,
 * module.registerHooks, require-in-the-middle), it never sees tsprof's code.
 * Everything used here is captured when the preload runs, before any
 * program code.
 */

const apply = Reflect.apply;
const read = readFileSync;
const compile = compileFunction;
const builtin = isBuiltin;
const processObject = process;
const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
/** Node < 20.16 has no process.getBuiltinModule: built-ins then come through this module's own require. */
const ownRequire = require;

function requireBuiltin(id: string): unknown {
  if (!builtin(id)) throw new Error(`tsprof bundle asked for '${id}', which is not a Node built-in module`);
  return getBuiltinModule ? apply(getBuiltinModule, processObject, [id]) : ownRequire(id);
}

export function loadPrivately(filename: string): unknown {
  const body = compile(read(filename, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  const module = { exports: {} as unknown };
  apply(body, module.exports, [module.exports, requireBuiltin, module, filename, dirname(filename)]);
  return module.exports;
}
