import { runGraphvizAsLiftoffCode } from './liftoff';
import { pictureFormatOf, type PictureFormatName } from './picture-formats';

/**
 * `tsprof render … -o calls.png` (and `tsprof diff … -o calls.png`) lays its
 * graph out in Graphviz's worker thread, and a thread takes about 50 ms to
 * start here before Graphviz's WebAssembly is compiled and warmed up. Started once the CLI's code had
 * loaded, the worker was what the picture waited for: bin/tsprof.js starts it
 * (render/graphviz.ts's warm-up) before that code loads, from the arguments
 * alone, and the CLI's bundle, which takes render/graphviz.js as the same
 * module (scripts/bundle.js), finds it started and warm. A wrong guess costs
 * a thread started for nothing (idle, it never keeps the process alive) or
 * one started later, as before; commander still reads the arguments.
 */

/** The formats drawn through Graphviz's layout. */
const LAID_OUT: ReadonlySet<PictureFormatName> = new Set(['png', 'svg', 'html']);
const HELP = new Set(['-h', '--help', 'help']);

/**
 * The subcommands that draw a picture named by -o, and the picture they draw without it (their
 * commander default): render out/calls.png, diff none.
 */
const DRAWING: Readonly<Record<string, string>> = { render: 'out/calls.png', diff: '' };

/** The picture format these arguments have tsprof draw, or undefined when they draw none (or ask for help). */
export function drawnFormat(argv: readonly string[]): PictureFormatName | undefined {
  if (!Object.hasOwn(DRAWING, argv[0])) return undefined;
  let output = DRAWING[argv[0]];
  for (let index = 1; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') break;
    if (HELP.has(argument)) return undefined;
    if (argument === '-o' || argument === '--output') output = argv[++index] ?? '';
    else if (argument.startsWith('--output=')) output = argument.slice('--output='.length);
    else if (argument.startsWith('-o') && !argument.startsWith('--')) output = argument.slice(2);
  }
  return output === '' ? undefined : pictureFormatOf(output);
}

/** Starts Graphviz's worker and its warm-up when the arguments draw through it; never throws. */
export function startGraphvizEarly(argv: readonly string[]): void {
  const format = drawnFormat(argv);
  if (format === undefined || !LAID_OUT.has(format)) return;
  try {
    runGraphvizAsLiftoffCode();
    (require('../render/graphviz') as typeof import('../render/graphviz')).warmUpGraphviz();
  } catch {
    // The CLI starts it again when it draws, and reports what stops it.
  }
}
