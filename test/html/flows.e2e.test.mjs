// The HTML report of a profile with message flows, in a real browser: the graph view draws the
// flow arrows as the DOT does, and the table view lists the flows under the functions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { browserTests, evalAll, openPage } from '../helpers/browser.mjs';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'flows.profile.json');
const out = scratchDirectory();
const testInBrowsers = browserTests();

before(async () => {
  for (const file of ['flows.html', 'flows.dot']) {
    const result = await runTsprof(['render', PROFILE, '-o', join(out, file)]);
    assert.equal(result.code, 0, result.stderr);
  }
});

testInBrowsers('the page draws the flow arrows and lists the flows in its table', async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'flows.html'));
  const dotFlows = [...readFileSync(join(out, 'flows.dot'), 'utf8').matchAll(/class="tsprof-flow"/g)].length;
  assert.equal(dotFlows, 3);
  assert.equal(await evalAll(page, '.graph-view g.edge.tsprof-flow', (edges) => edges.length), dotFlows);
  await page.click('button[data-view="table"]');
  const rows = await evalAll(page, 'table.flows tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['Producer.publish', 'Consumer.onMessage', 'rabbitmq', 'orders', '500', '1.2 ms', '3.0 ms', '39.9 ms', '39.9 ms'],
    ['Producer.publish', '(not profiled)', 'rabbitmq', 'audit', '20', '-', '-', '-', '-'],
    ['(not profiled)', 'Consumer.onMessage', 'rabbitmq', 'orders', '12', '2.0 ms', '2.0 ms', '2.0 ms', '2.0 ms'],
  ]);
  assert.deepEqual(problems, []);
});
