// The flame view by keyboard: the arrow keys move between drawn frames as the
// icicle shows them (Down: the widest child, Up: the parent, Left and Right:
// the neighbours under one parent), and Enter picks the frame's function.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { browserTests, evalAll, openPage } from '../helpers/browser.mjs';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');
const out = scratchDirectory();
const testInBrowsers = browserTests();

before(async () => {
  const result = await runTsprof(['render', PROFILE, '-o', join(out, 'calls.html')]);
  assert.equal(result.code, 0, result.stderr);
});

/** The focused frame: its context, row and left edge. */
function focused(page) {
  return page.evaluate(() => {
    const frame = document.activeElement;
    return frame?.classList.contains('frame') ? { context: Number(frame.dataset.contextId), top: frame.offsetTop, left: frame.offsetLeft, name: frame.textContent } : null;
  });
}

/** The drawn frames under a context, left to right. */
function drawnChildren(page, parentsById, contextId) {
  return evalAll(page, '.frame[data-context-id]', (frames) => frames.map((frame) => ({ context: Number(frame.dataset.contextId), left: frame.offsetLeft })))
    .then((frames) => frames.filter((frame) => parentsById.get(frame.context) === contextId).sort((a, b) => a.left - b.left).map((frame) => frame.context));
}

testInBrowsers('the arrow keys walk the flame view: down to the widest child, across to its neighbours, up to the parent; Enter picks', async (browser) => {
  const profile = JSON.parse(readFileSync(PROFILE, 'utf8'));
  const parentsById = new Map(profile.contexts.map((context) => [context.id, context.parent]));
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  await page.keyboard.press('2');
  const rootContext = profile.contexts.find((context) => context.parent < 0).id;
  await page.focus(`.frame[data-context-id="${rootContext}"]`);

  await page.keyboard.press('ArrowDown');
  const underRoot = await drawnChildren(page, parentsById, rootContext);
  assert.ok(underRoot.length >= 2, 'the root has several drawn children');
  assert.equal((await focused(page)).context, underRoot[0]);
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).context, underRoot[1]);
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focused(page)).context, underRoot[0]);
  // At the left end, Left stays.
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focused(page)).context, underRoot[0]);

  // Down to a leaf, where Down stays; every step is the widest (leftmost) drawn child.
  let at = underRoot[0];
  for (let step = 0; step < 50; step++) {
    const children = await drawnChildren(page, parentsById, at);
    await page.keyboard.press('ArrowDown');
    const now = (await focused(page)).context;
    if (children.length === 0) {
      assert.equal(now, at);
      break;
    }
    assert.equal(now, children[0]);
    at = now;
  }
  await page.keyboard.press('ArrowUp');
  assert.equal((await focused(page)).context, parentsById.get(at));

  await page.keyboard.press('Enter');
  const name = profile.functions[profile.contexts.find((context) => context.id === parentsById.get(at)).function].name;
  assert.equal(await page.$eval('.panel h2', (heading) => heading.textContent), name);
  // The arrows moved focus only: the page did not scroll the graph or switch views.
  assert.equal(await page.$eval('.flame-view', (view) => view.hidden), false);
  assert.deepEqual(problems, []);
});
