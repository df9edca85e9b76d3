import { NOT_RUNNING, runArguments } from './early-command';
import { runGraphvizAsLiftoffCode } from './liftoff';
import { DEFAULT_PICTURE, laidOut, pictureFormatOf, type PictureFormatName } from './picture-formats';

/**
 * `tsprof render … -o calls.png` (and `diff … -o`, and `run` when its command
 * is short) lays its graph out in Graphviz's worker thread, and a thread takes
 * about 50 ms to start here before Graphviz's WebAssembly is compiled and
 * warmed up. Started once the CLI's code had loaded, the worker was what the
 * picture waited for: bin/tsprof.js starts it (render/graphviz.ts's warm-up)
 * before that code loads, from the arguments alone, and the CLI's bundle,
 * which takes render/graphviz.js as the same module (scripts/bundle.js), finds
 * it started and warm. A wrong guess costs a thread started for nothing (its
 * warm-up keeps the process alive until it is laid out, a few hundred ms at
 * most, when options are refused and output is still queued at the end; idle
 * after it, the thread never does) or one started later, as before; commander
 * still reads the arguments.
 */

/** The subcommands that draw a picture named by -o, and the picture they draw without it (their commander default; diff none). */
const DRAWING: Readonly<Record<string, string>> = { run: DEFAULT_PICTURE, render: DEFAULT_PICTURE, diff: '' };

/** The picture format these arguments have tsprof draw, or undefined when they draw none (or ask for help). */
export function drawnFormat(argv: readonly string[]): PictureFormatName | undefined {
  // A run's options are those before its command (early-command.ts reads which arguments are a run).
  const run = runArguments(argv);
  const subcommand = run ? 'run' : argv[0];
  if (!Object.hasOwn(DRAWING, subcommand)) return undefined;
  const options = run ? run.options.slice(run.options[0] === 'run' ? 1 : 0) : argv.slice(1);
  let output = DRAWING[subcommand];
  for (let index = 0; index < options.length; index++) {
    const argument = options[index];
    if (argument === '--') break;
    if (NOT_RUNNING.has(argument)) return undefined;
    if (argument === '-o' || argument === '--output') output = options[++index] ?? '';
    else if (argument.startsWith('--output=')) output = argument.slice('--output='.length);
    else if (argument.startsWith('-o') && !argument.startsWith('--')) output = argument.slice(2);
  }
  return output === '' ? undefined : pictureFormatOf(output);
}

/** Starts Graphviz's worker and its warm-up when the arguments draw through it; never throws. */
export function startGraphvizEarly(argv: readonly string[]): void {
  const format = drawnFormat(argv);
  if (format === undefined || !laidOut(format)) return;
  try {
    runGraphvizAsLiftoffCode();
    (require('../render/graphviz') as typeof import('../render/graphviz')).warmUpGraphviz();
  } catch {
    // The CLI starts it again when it draws, and reports what stops it.
  }
}
