import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readInlineSourceMap } from '../../instrument/inline-source-map';
import { instrumentForRunner } from './runner-transform';
import { firstLine, runtimeSharedWith, writePartBeforeRunReplies, type VitestWorker } from './vitest-worker';
import { runsUninstrumented } from './uninstrumented';
import { importModule } from '../dynamic-import';

/**
 * vitest 4 runs test code through Vite's module runner: VitestModuleEvaluator
 * gets each module SSR-transformed from the vite server (with an inline
 * source map to the original) and evaluates it in runInlinedModule with
 * vm.runInThisContext, or vm.runInContext in the vm pools — never through
 * Node's module loaders. tsprof instruments that code there, in the worker
 * that runs it, so vitest's and vite's caches never see instrumented code.
 */

/** Where vitest 4 keeps its evaluator; vitest's own chunks import it by this path, so it is the same module instance. */
const EVALUATOR_FILE = join('dist', 'module-evaluator.js');

/** Vite's EvaluatedModuleNode, as far as tsprof uses it. */
interface EvaluatedModule {
  id?: unknown;
  file?: unknown;
  map?: unknown;
  meta?: unknown;
}

interface EvaluatedModules {
  getModuleSourceMapById?(id: string): unknown;
}

interface ModuleEvaluator {
  /** Set in the vm pools: the test file's vm context. */
  vm?: { context?: object };
  _evaluatedModules?: EvaluatedModules;
}

interface ModuleEvaluatorPrototype {
  runInlinedModule(this: ModuleEvaluator, context: unknown, code: string, module: EvaluatedModule): Promise<unknown>;
}

/**
 * vitest 4 appends a comment of its own after the source map's; the transform
 * reads the map from the code's last comment, so it instruments the code
 * without it and puts it back.
 */
const VITEST_TRAILER = /\n\/\/# vitestCache=[^\n]*\n?$/;

function instrumentModuleCode(code: string, file: string): string {
  const trailer = VITEST_TRAILER.exec(code);
  const body = trailer ? code.slice(0, trailer.index) : code;
  const instrumented = instrumentForRunner(body, file, 'module');
  return instrumented === body ? code : `${instrumented}${trailer ? trailer[0] : ''}`;
}

/** Vite finds a module's map in its code's last comment of this form (vite/module-runner's extractInlineSourceMap). */
const VITE_MAP_PREFIX = '//# sourceMappingURL=data:application/json;base64,';

export function hookModuleRunner({ directory, shouldInstrument, writeProfilePart }: VitestWorker): void {
  const evaluatorFile = join(directory, EVALUATOR_FILE);
  if (!existsSync(evaluatorFile)) {
    runsUninstrumented('vitest', `cannot find vitest's module evaluator (${evaluatorFile}); vitest's tests run uninstrumented`);
    return;
  }
  writePartBeforeRunReplies(writeProfilePart);
  importModule(pathToFileURL(evaluatorFile).href).then(
    (module: { VitestModuleEvaluator?: { prototype?: ModuleEvaluatorPrototype } }) => instrumentInlinedModules(module.VitestModuleEvaluator?.prototype, shouldInstrument),
    (error: Error) => runsUninstrumented('vitest', `cannot load vitest's module evaluator (${firstLine(error)}); vitest's tests run uninstrumented`),
  );
}

function instrumentInlinedModules(prototype: ModuleEvaluatorPrototype | undefined, shouldInstrument: (file: string) => boolean): void {
  if (!prototype || typeof prototype.runInlinedModule !== 'function') {
    runsUninstrumented('vitest', "this vitest's module evaluator has no runInlinedModule; vitest's tests run uninstrumented");
    return;
  }
  const runInlinedModule = prototype.runInlinedModule;
  prototype.runInlinedModule = {
    runInlinedModule(this: ModuleEvaluator, context: unknown, code: string, module: EvaluatedModule): Promise<unknown> {
      const file = module?.file;
      const vmContext = this.vm?.context;
      if (typeof file === 'string' && typeof code === 'string' && shouldInstrument(file) && (!vmContext || runtimeSharedWith(vmContext))) {
        const instrumented = instrumentModuleCode(code, file);
        if (instrumented !== code) {
          useMapOf(this, module, instrumented);
          return Reflect.apply(runInlinedModule, this, [context, instrumented, module]) as Promise<unknown>;
        }
      }
      return Reflect.apply(runInlinedModule, this, [context, code, module]) as Promise<unknown>;
    },
  }.runInlinedModule;
}

/**
 * vitest maps stack traces with the map Vite reads from the module's
 * transformed code; the instrumented code has its own (same lines, columns
 * shifted where probes went in). Vite builds its map object from the code
 * when first asked: it is asked once here with that map in place of the code.
 */
function useMapOf(evaluator: ModuleEvaluator, module: EvaluatedModule, instrumented: string): void {
  const modules = evaluator._evaluatedModules;
  const mapText = readInlineSourceMap(instrumented);
  if (mapText === null || typeof module.id !== 'string' || typeof modules?.getModuleSourceMapById !== 'function') return;
  const meta = module.meta;
  try {
    module.map = undefined;
    module.meta = { code: `${VITE_MAP_PREFIX}${Buffer.from(mapText).toString('base64')}` };
    modules.getModuleSourceMapById(module.id);
  } catch {
    // Stack traces then point into the transformed code's map, columns off where probes went in.
  } finally {
    module.meta = meta;
  }
}
