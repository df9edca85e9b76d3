// The golden profiles, and the command-line options each golden DOT file is drawn with, shared by
// the render tests. Each case goes the CLI's own way: the flags are parsed by `tsprof render`'s
// option parser, the profile is read as `render` reads it, selected and built once (cli/view.ts),
// and the DOT is the output table's `dot` entry (cli/outputs.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRenderCommand } from '../../dist/cli/render-command.js';
import { OUTPUT_FORMATS } from '../../dist/cli/outputs.js';
import { readSavedProfile, viewProfile } from '../../dist/cli/view.js';
import { viewOptionsFrom } from '../../dist/cli/view-options.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../dist/export/index.js';

/** The paths in the golden profiles are under this directory, as if tsprof ran there. */
export const GOLDEN_CWD = '/home/dev/tsprof';

const profileUrl = (name) => new URL(`../golden/${name}.profile.json`, import.meta.url);

/**
 * Each case is one `tsprof render <profile> <args>` invocation and the checked-in DOT it must produce.
 *  - taskqueue: a real run of the fixture (5000 tasks), profile format 1, with the defaults;
 *  - taskqueue.focus-publish: `--focus publish`;
 *  - taskqueue.group-file: `--group file --color-by await --max-nodes 12`;
 *  - taskqueue-v2*: a real run in profile format 2 (calling contexts): the
 *    default picture, `--focus publish` and `--root 'Producer\.publish$'`,
 *    whose shared helpers (Transport.write, crc32) count the publish side's
 *    calls only;
 *  - edge-cases: a hand-made profile without pruning, so every kind of mark
 *    shows: a self-loop, mutual recursion, `<anonymous>`, quotes in a name,
 *    awaited and unawaited calls, two processes (`--group process`);
 *  - flows: a producer and a consumer process with message flows (made by
 *    test/helpers/flow-profiles.mjs): a matched flow, a publish no profiled
 *    process handled, and messages handled but published before the run,
 *    grouped by process; flows.focus-publish: `--focus publish`, which
 *    leaves the handler out and names it.
 */
export const GOLDEN_CASES = [
  { name: 'taskqueue', profile: 'taskqueue', args: [] },
  { name: 'taskqueue.focus-publish', profile: 'taskqueue', args: ['--focus', 'publish'] },
  { name: 'taskqueue.group-file', profile: 'taskqueue', args: ['--group', 'file', '--max-nodes', '12', '--color-by', 'await'] },
  { name: 'taskqueue-v2', profile: 'taskqueue-v2', args: [] },
  { name: 'taskqueue-v2.focus-publish', profile: 'taskqueue-v2', args: ['--focus', 'publish'] },
  { name: 'taskqueue-v2.root-publish', profile: 'taskqueue-v2', args: ['--root', 'Producer\\.publish$'] },
  { name: 'edge-cases', profile: 'edge-cases', args: ['--node-threshold', '0', '--edge-threshold', '0', '--max-nodes', '0', '--group', 'process'] },
  { name: 'flows', profile: 'flows', args: ['--group', 'process'] },
  { name: 'flows.focus-publish', profile: 'flows', args: ['--focus', 'publish'] },
];

export function goldenProfile(name = 'taskqueue') {
  return JSON.parse(readFileSync(profileUrl(name), 'utf8'));
}

export function goldenDotUrl(name) {
  return new URL(`../golden/${name}.dot`, import.meta.url);
}

/** The view options `tsprof render` parses from a case's arguments. */
function parsedViewOptions(args) {
  let parsed;
  const command = buildRenderCommand().exitOverride();
  command.action((_profile, flags) => {
    parsed = viewOptionsFrom(flags);
  });
  command.parse(['golden.profile.json', ...args], { from: 'user' });
  return parsed;
}

/** The view of one case, by case name, as `tsprof render` makes it. */
export function goldenView(name = 'taskqueue') {
  const golden = GOLDEN_CASES.find((candidate) => candidate.name === name);
  const file = fileURLToPath(profileUrl(golden.profile));
  return viewProfile(readSavedProfile(file, `${golden.profile}.profile.json`), parsedViewOptions(golden.args), `${golden.profile}.profile.json`);
}

/** The graph of one case as drawn; the default is the real fixture run drawn with the defaults. */
export function goldenGraph(name = 'taskqueue') {
  return goldenView(name).picture();
}

export async function goldenDot(name = 'taskqueue') {
  return await OUTPUT_FORMATS.dot.write(goldenView(name), { cwd: GOLDEN_CWD, exports: DEFAULT_EXPORT_OPTIONS });
}
