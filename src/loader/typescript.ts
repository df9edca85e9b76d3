import Module from 'node:module';
import { sep } from 'node:path';
import type { ModuleFormat } from '../instrument/parse';

/**
 * TypeScript that Node itself runs (`node app.ts`, `.mts`, `.cts`, with or
 * without --experimental-transform-types). Node hands such files to the
 * module hooks and to Module.prototype._compile still typed, with a format
 * that says so. tsprof turns them into the JavaScript Node would have run —
 * with Node's own stripper, in Node's own mode — instruments that, and passes
 * it on as the plain format, exactly what Node's _compile and translators do
 * after stripping. Stripping keeps every position (types become blanks), and
 * the transform mode's source map is an input map for the instrumenter, so
 * names and lines are those of the .ts file either way.
 */

export type TypeScriptFormat = 'module-typescript' | 'commonjs-typescript' | 'typescript';

/** What Node compiles a TypeScript format as once the types are gone; `typescript` is decided from the code. */
const JAVASCRIPT_FORMAT: Record<TypeScriptFormat, 'module' | 'commonjs' | undefined> = {
  'module-typescript': 'module',
  'commonjs-typescript': 'commonjs',
  typescript: undefined,
};

export function isTypeScriptFormat(format: unknown): format is TypeScriptFormat {
  return typeof format === 'string' && Object.hasOwn(JAVASCRIPT_FORMAT, format);
}

export function javaScriptFormatOf(format: TypeScriptFormat): 'module' | 'commonjs' | undefined {
  return JAVASCRIPT_FORMAT[format];
}

/** The syntax the instrumenter parses a (stripped) file with, from the format Node gave, else from the extension. */
export function instrumentFormatOf(format: unknown, filename: string): ModuleFormat {
  const javaScript = isTypeScriptFormat(format) ? javaScriptFormatOf(format) : format;
  if (javaScript === 'module' || javaScript === 'commonjs') return javaScript;
  if (/\.m[jt]s$/.test(filename)) return 'module';
  if (/\.c[jt]s$/.test(filename)) return 'commonjs';
  return 'unknown';
}

type Strip = (code: string, options: { mode: 'strip' | 'transform'; sourceMap?: boolean; sourceUrl?: string }) => string;

/** Taken when the preload runs, before the program can replace any of them. */
const nodeStrip = (Module as unknown as { stripTypeScriptTypes?: Strip }).stripTypeScriptTypes;
const apply = Reflect.apply;

/** Node's own _compile, taken before any loader (tsprof's included) replaces it. */
const nodeCompile = (Module as unknown as { prototype: { _compile: (...args: unknown[]) => unknown } }).prototype._compile;
let nodeHasStripped = false;

/**
 * Node warns once, the first time it strips or transforms a file, that the
 * feature is experimental (Transform Types on 22 and 24, Type Stripping on
 * early 22). When tsprof strips every file, Node never does, and the program's
 * stderr would lack that warning; so Node is given one empty TypeScript module
 * to compile, outside any cache, and says what it says, once, as it would have.
 */
function letNodeStripOnce(): void {
  if (nodeHasStripped) return;
  nodeHasStripped = true;
  try {
    apply(nodeCompile, new Module(''), ['', '', 'commonjs-typescript']);
  } catch {
    // A Node that cannot compile TypeScript has nothing to announce.
  }
}

export type Stripped = { code: string } | { leaveToNode: true; reason: string | null };

function typeScriptMode(): 'strip' | 'transform' {
  const features = process.features as { typescript?: string | false };
  return features.typescript === 'transform' ? 'transform' : 'strip';
}

/**
 * Node's public stripper announces itself as experimental on its first call.
 * The program never called it, so that warning is not the program's output:
 * it is kept from reaching the program's stderr and 'warning' listeners.
 */
function withoutStripperWarning<T>(run: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function emitOtherWarnings(this: unknown, ...args: unknown[]) {
    const [warning] = args;
    const text = typeof warning === 'string' ? warning : warning instanceof Error ? warning.message : '';
    if (text.startsWith('stripTypeScriptTypes is an experimental feature')) return;
    return apply(emitWarning, this, args);
  } as typeof process.emitWarning;
  try {
    return run();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * The JavaScript Node would run for this TypeScript. What Node would refuse
 * (a file under node_modules, syntax it cannot strip) is left to Node, so the
 * program fails exactly as it does without tsprof; the reason, when there is
 * one to give, becomes tsprof's one warning for the file.
 */
export function stripTypes(source: string, filename: string): Stripped {
  if (filename.includes(`${sep}node_modules${sep}`)) return { leaveToNode: true, reason: null };
  const strip = nodeStrip;
  if (!strip) return { leaveToNode: true, reason: `Node ${process.version} has no module.stripTypeScriptTypes (22.13 or newer has)` };
  const mode = typeScriptMode();
  letNodeStripOnce();
  try {
    const code = withoutStripperWarning(() =>
      mode === 'transform' ? strip(source, { mode, sourceMap: true, sourceUrl: filename }) : strip(source, { mode }),
    );
    return { code };
  } catch (error) {
    return { leaveToNode: true, reason: (error as Error).message.split('\n')[0] };
  }
}
