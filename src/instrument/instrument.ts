import { Edits } from './edits';
import { parseSource, type ModuleFormat } from './parse';
import { INSTRUMENTED_MARKER } from '../probe-contract';
import { chooseProbeNames } from './probe-names';
import { addPrologue, type RuntimeLoad } from './prologue';
import { CannotInstrument, isStackOverflow } from './refusal';
import { composeWithInputMap, mapOfRewrite, type SourceRange } from './insertion-map';
import { Rewrite } from './rewrite';
import { findInputMap, inlineSourceMapComment, originalLocator } from './source-map';
import { VISIT_BY_TYPE } from './visitor';
import { walk } from './walk';
import { VisitState, type SkippedFunction } from './visit-state';

export type { RuntimeLoad } from './prologue';
export type { SkippedFunction } from './visit-state';

export interface InstrumentOptions {
  /** Absolute path of the file, used for names, positions and the source map. */
  filename: string;
  format: ModuleFormat;
  /** What the prologue loads the runtime from: a path for `require`, a URL for `import`. */
  runtimeSpecifier: string;
  /** How the prologue loads the runtime (prologue.ts); by default as the module system does. */
  runtimeLoad?: RuntimeLoad;
}

export interface InstrumentResult {
  code: string;
  /** Number of functions that received probes. */
  functions: number;
  skipped: SkippedFunction[];
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

/** Where the file's comments are, for its map (no stack trace names a place inside one). */
function commentRanges(ast: ReturnType<typeof parseSource>): SourceRange[] {
  return (ast.comments ?? []).flatMap((comment) => (typeof comment.start === 'number' && typeof comment.end === 'number' ? [{ start: comment.start, end: comment.end }] : []));
}

/** Parse, one traversal that plans and edits every function, the prologue, then the composed source map. */
function instrumentParsed(code: string, options: InstrumentOptions): InstrumentResult {
  const ast = parseSource(code, options.filename, options.format);
  const names = chooseProbeNames(code);
  const text = new Rewrite(code);
  const inputMap = findInputMap(code, options.filename);
  const locator = inputMap ? originalLocator(inputMap) : null;
  const state = new VisitState(new Edits(text, names), options.filename, locator, locator?.firstSource() ?? options.filename);
  walk(ast, VISIT_BY_TYPE, state);

  const { sites, skipped } = state;
  const prologue = { load: options.runtimeLoad, names, specifier: options.runtimeSpecifier, file: state.siteFile, sites };
  if (!addPrologue(text, ast.program, prologue)) return { code, functions: 0, skipped };
  if (inputMap) text.removeKeepingLines(inputMap.commentStart, inputMap.commentEnd);

  const map = inputMap ? composeWithInputMap(text, inputMap, options.filename) : mapOfRewrite(text, options.filename, commentRanges(ast));
  const output = text.toString();
  const separator = output.endsWith('\n') ? '' : '\n';
  return { code: `${output}${separator}${inlineSourceMapComment(map)}\n`, functions: sites.length, skipped };
}
