// Screenshots of calls.html's views for docs/html-report.md, taken in the
// headless chromium of the tests: node scripts/html-screenshots.mjs (after npm run build).
// `--browser firefox --out <dir>` takes the same ones in Firefox, to look at, not for docs/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BROWSERS, launchBrowser, openPage, waitRedrawn } from '../test/helpers/browser.mjs';
import { repoRoot } from '../test/helpers/cli.mjs';

const { values: options } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' }, out: { type: 'string', default: join(repoRoot, 'docs') } } });
const kind = BROWSERS.find((candidate) => candidate.name === options.browser);
if (!kind) throw new Error(`--browser is one of ${BROWSERS.map((candidate) => candidate.name).join(', ')}`);
const shotsDirectory = resolve(options.out);
mkdirSync(shotsDirectory, { recursive: true });

const out = mkdtempSync(join(tmpdir(), 'tsprof-screenshots-'));
const file = join(out, 'calls.html');
const profile = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');
const rendered = spawnSync(process.execPath, [join(repoRoot, 'bin', 'tsprof.js'), 'render', profile, '-o', file], { cwd: repoRoot, encoding: 'utf8' });
if (rendered.status !== 0) throw new Error(rendered.stderr);
/** tsprof with these arguments, from the repository; throws with its stderr when it fails. */
function tsprof(args, env = {}) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'tsprof.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(result.stderr);
}

/**
 * The diff page and the calls table with latency columns, from the task-queue fixture run
 * twice (the head serializing twice per publish, as docs/diff.png): their numbers are this
 * machine's, so they change on every run of this script.
 */
async function diffShots(browser) {
  // In the repository's git-ignored out/, so that the pages name files and functions as a user's would.
  const shots = join('out', 'html-screenshots');
  const run = (side, env) => tsprof(['--include', 'fixtures/taskqueue/src/queue', '--profile', join(shots, `${side}.json`), '-o', join(shots, `${side}.html`), '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', '500'], env);
  run('base');
  run('head', { TASKQUEUE_REGRESSION: 'double-serialize' });
  tsprof(['diff', join(shots, 'base.json'), join(shots, 'head.json'), '-o', join(shots, 'diff.html'), '--focus', 'sendTask|onData', '--node-threshold', '0.001']);
  const diff = await openPage(browser, join(repoRoot, shots, 'diff.html'), { width: 1400, height: 900 });
  // Zoomed in twice from the fit, so that the boxes read at 100 %.
  await diff.page.focus('.graph-view');
  await diff.page.keyboard.press('+');
  await diff.page.keyboard.press('+');
  await diff.page.screenshot({ path: join(shotsDirectory, 'html-report-diff.png') });
  await diff.page.keyboard.press('2');
  await diff.page.type('#search', 'dumps');
  await diff.page.screenshot({ path: join(shotsDirectory, 'html-report-diff-table.png') });
  const calls = await openPage(browser, join(repoRoot, shots, 'head.html'), { width: 1400, height: 900 });
  await calls.page.keyboard.press('3');
  await calls.page.click('th[data-key="p99"] button');
  await calls.page.screenshot({ path: join(shotsDirectory, 'html-report-latency.png') });
  const problems = [...diff.problems, ...calls.problems];
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

const { browser, close } = await launchBrowser(kind);
try {
  const { page, problems } = await openPage(browser, file, { width: 1400, height: 900 });
  const shot = (name) => page.screenshot({ path: join(shotsDirectory, `html-report-${name}.png`) });
  await page.type('#search', 'publish');
  await page.click('g.node[data-function-id="34"]');
  await shot('graph');
  await page.click('button[data-action="focus"]');
  await waitRedrawn(page, '--focus ');
  await shot('focus');
  await page.keyboard.press('u');
  await waitRedrawn(page, 'undone');
  await page.keyboard.press('2');
  await page.select('.toolbar select', 'self');
  await shot('flame');
  await page.keyboard.press('3');
  await shot('table');
  if (problems.length > 0) throw new Error(problems.join('\n'));
  await diffShots(browser);
} finally {
  await close();
  rmSync(out, { recursive: true, force: true });
}
