// `tsprof diff -o diff.html` in a real browser: the page draws the picture
// diff draws (`-o diff.dot`, its colours by change), lists every function
// of diff's JSON with base -> head, change and verdict (p99 included), and
// searches and sorts like calls.html; nothing is fetched, nothing logs an error.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { browserTests, evalAll, openPage } from '../helpers/browser.mjs';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { profileOf } from '../helpers/diff-profiles.mjs';

const out = scratchDirectory();
const JITTER = [0, 3, -2, 1, -1];
const testInBrowsers = browserTests();
let json;

/** A publish loop whose publishes keep their mean (10 ms) while the head's tail grows (p99 10 -> 28 ms), and whose serializer runs twice in the head. */
function run(side, index) {
  const jitter = side === 'head' ? -JITTER[index] : JITTER[index];
  const durations = side === 'head' ? [[8, 90], [[26, 28, 30, 27, 29][index], 10]] : [[[9, 10, 11, 10.5, 9.5][index], 100]];
  const dumps = side === 'head' ? 2 : 1;
  return profileOf(
    [
      { path: ['sendTask'], calls: 100, selfMs: 50 + jitter, totalMs: 1100 + jitter },
      { path: ['sendTask', 'publish'], calls: 100, selfMs: 960 + jitter, totalMs: 1000 + jitter, durations },
      { path: ['sendTask', 'publish', 'dumps'], calls: 100 * dumps, selfMs: 40 + jitter / 10 },
    ],
    { wallMs: 1200 },
  );
}

before(async () => {
  const files = { base: [], head: [] };
  for (const side of ['base', 'head']) {
    for (let index = 0; index < JITTER.length; index++) {
      const file = join(out, `${side}.${index + 1}.json`);
      writeFileSync(file, JSON.stringify(run(side, index)));
      files[side].push(file);
    }
  }
  const sides = [...files.base, '--', ...files.head];
  for (const output of ['diff.html', 'diff.dot']) {
    const result = await runTsprof(['diff', '--node-threshold', '0', '-o', join(out, output), ...sides]);
    assert.equal(result.code, 0, result.stderr);
  }
  const result = await runTsprof(['diff', '--format', 'json', ...sides]);
  assert.equal(result.code, 0, result.stderr);
  json = JSON.parse(result.stdout);
});

/** Box id → its label lines, from the DOT diff wrote. */
function dotBoxes(file) {
  const boxes = new Map();
  for (const match of readFileSync(file, 'utf8').matchAll(/^\s+n(\d+) \[class="[^"]*", label="((?:[^"\\]|\\.)*)"/gm)) {
    boxes.set(Number(match[1]), match[2].split('\\n').map((line) => line.replace(/\\(.)/g, '$1')));
  }
  return boxes;
}

testInBrowsers("diff.html draws diff's picture and lists its functions with their p99 verdicts; search, pick and sort work", async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'diff.html'));
  // Its labels are in the inline DejaVu Sans, regular and bold, as calls.html's are.
  assert.deepEqual(await page.evaluate(async () => (await document.fonts.ready, [...document.fonts].map((face) => face.status))), ['loaded', 'loaded']);
  const boxes = new Map(await evalAll(page, '.graph-view g.node', (nodes) => nodes.map((node) => [Number(node.dataset.functionId), [...node.querySelectorAll('text')].map((text) => text.textContent)])));
  assert.deepEqual(boxes, dotBoxes(join(out, 'diff.dot')));
  // Diff's own colours: the doubled serializer is warm, not a heat colour.
  const dumpsId = [...boxes].find(([, lines]) => lines[0] === 'JsonSerializer.dumps')[0];
  assert.match(boxes.get(dumpsId).join('\n'), /calls: 100 -> 200/);
  const publishId = [...boxes].find(([, lines]) => lines[0] === 'Producer.publish')[0];
  assert.match(boxes.get(publishId).join('\n'), /p99: .* -> .*\n.*p99 slower/);
  assert.match(await page.$eval('.facts', (facts) => facts.textContent), /p99 of call durations: 1 slower, 0 faster/);

  await page.keyboard.press('2');
  const headers = await evalAll(page, 'table.functions th', (cells) => cells.map((cell) => cell.textContent.replace(/ [\u2191\u2193]$/, '')));
  assert.deepEqual(headers.slice(0, 4), ['Function', 'Change', 'Calls base -> head', 'Calls change']);
  assert.ok(headers.includes('p99 verdict'), headers.join(', '));
  const rows = await evalAll(page, 'table.functions tbody tr', (elements) => elements.map((row) => [...row.cells].map((cell) => cell.textContent)));
  assert.equal(rows.length, json.functions.length);
  const cell = (row, title) => row[headers.indexOf(title)];
  const publish = rows.find((row) => row[0] === 'Producer.publish');
  assert.equal(cell(publish, 'Change'), 'p99 slower');
  assert.match(cell(publish, 'p99 verdict'), /^slower \+\d+\.\d% \[/);
  assert.match(cell(publish, 'Self verdict'), /^within noise/);
  assert.equal(cell(rows.find((row) => row[0] === 'JsonSerializer.dumps'), 'Calls base -> head'), '100 -> 200');
  // Changed first.
  assert.deepEqual(rows.slice(0, 2).map((row) => row[0]).sort(), ['JsonSerializer.dumps', 'Producer.publish']);

  await page.type('#search', 'publish');
  assert.equal(await page.$eval('.match-count', (element) => element.textContent), '1 match');
  assert.equal(await page.$eval(`tr[data-function-id="${publishId}"]`, (row) => row.classList.contains('match')), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.$eval('.panel h2', (heading) => heading.textContent), 'Producer.publish');
  assert.match(await page.$eval('.panel dd[data-number="p99Ms-verdict"]', (value) => value.textContent), /^slower/);
  // Escape in the search field clears it; the picked function stays picked.
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('.match-count', (element) => element.textContent), '');
  await page.click('th[data-key="p99Ms-change"] button');
  const first = await page.$eval('table.functions tbody tr', (row) => row.cells[0].textContent);
  assert.equal(first, 'Producer.publish');
  await page.keyboard.press('1');
  assert.equal(await page.$eval(`g.node[data-function-id="${publishId}"]`, (node) => node.classList.contains('picked')), true);
  assert.deepEqual(problems, []);
});

test('diff.html is one file that needs nothing else: no script but its own, a policy that forbids every request', () => {
  const html = readFileSync(join(out, 'diff.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline';/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link /);
});
