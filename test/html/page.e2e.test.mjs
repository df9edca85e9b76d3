// The HTML report in a real browser (test/helpers/browser.mjs): what the page
// shows equals what the command line draws, for the whole profile and after a
// focus clicked in the page; nothing is fetched and nothing logs an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { browserTests, evalAll, openPage, waitRedrawn } from '../helpers/browser.mjs';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');
const V1_PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');
const FOCUS = '^Producer\\.publish$';
const IGNORE = '^JsonSerializer\\.dumps$';
const out = scratchDirectory();
const testInBrowsers = browserTests();

/** Box id → its label lines, from the DOT tsprof writes for the same options. */
function dotBoxes(file) {
  const boxes = new Map();
  for (const match of readFileSync(file, 'utf8').matchAll(/^\s+n(\d+) \[class="[^"]*", label="((?:[^"\\]|\\.)*)"/gm)) {
    boxes.set(Number(match[1]), match[2].split('\\n').map((line) => line.replace(/\\(.)/g, '$1')));
  }
  return boxes;
}

/** The id of the box whose first line is `name`, in a DOT file tsprof wrote. */
function boxNamed(file, name) {
  const id = [...dotBoxes(file)].find(([, lines]) => lines[0] === name)?.[0];
  assert.ok(id !== undefined, `${file} draws ${name}`);
  return id;
}

function dotEdgeCount(file) {
  return [...readFileSync(file, 'utf8').matchAll(/^\s+n\d+ -> n\d+ /gm)].length;
}

/** Box id → its text lines, as the page shows them. */
async function pageBoxes(page) {
  const boxes = await evalAll(page, '.graph-view g.node', (nodes) => nodes.map((node) => [Number(node.dataset.functionId), [...node.querySelectorAll('text')].map((text) => text.textContent)]));
  return new Map(boxes);
}

async function assertSameGraph(page, dotFile) {
  assert.deepEqual(await pageBoxes(page), dotBoxes(dotFile));
  assert.equal(await evalAll(page, '.graph-view g.edge', (edges) => edges.length), dotEdgeCount(dotFile));
}

before(async () => {
  const renders = [
    ['calls.html', []],
    ['calls.dot', []],
    ['focus.dot', ['--focus', FOCUS]],
    ['root.dot', ['--root', FOCUS]],
    ['root-ignore.dot', ['--root', FOCUS, '--ignore', IGNORE]],
    ['root.html', ['--root', FOCUS]],
    ['v1.html', [], V1_PROFILE],
    ['v1.dot', [], V1_PROFILE],
    ['v1-focus.dot', ['--focus', FOCUS], V1_PROFILE],
  ];
  for (const [file, extra, profile = PROFILE] of renders) {
    const result = await runTsprof(['render', profile, '-o', join(out, file), ...extra]);
    assert.equal(result.code, 0, result.stderr);
  }
});

testInBrowsers('the page draws the graph tsprof render draws, searches, focuses on a click like --focus, and fetches nothing', async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  await assertSameGraph(page, join(out, 'calls.dot'));

  await page.type('#search', 'Producer.publish');
  assert.equal(await page.$eval('.match-count', (element) => element.textContent), '2 matches');
  const publish = 34;
  assert.equal(await page.$eval(`g.node[data-function-id="${publish}"]`, (node) => node.classList.contains('match')), true);
  assert.equal(await page.$eval(`tr[data-function-id="${publish}"]`, (row) => row.classList.contains('match')), true);

  await page.click(`g.node[data-function-id="${publish}"]`);
  assert.equal(await page.$eval('.panel h2', (heading) => heading.textContent), 'Producer.publish');
  await page.click('button[data-action="focus"]');
  await waitRedrawn(page, `--focus /${FOCUS}/`);
  await assertSameGraph(page, join(out, 'focus.dot'));
  assert.match(await page.$eval('.facts', (facts) => facts.textContent), /focus \/\^Producer\\\.publish\$\//);

  await page.keyboard.press('u');
  await waitRedrawn(page, 'undone');
  await assertSameGraph(page, join(out, 'calls.dot'));
  assert.deepEqual(problems, []);
});

testInBrowsers("the flame view's widths add up to the profile's totals", async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  const profile = JSON.parse(readFileSync(PROFILE, 'utf8'));
  const nonRoot = profile.contexts.filter((context) => context.parent >= 0);
  await page.keyboard.press('2');
  for (const [metric, field] of [['self', 'selfMs'], ['await', 'awaitMs'], ['calls', 'calls']]) {
    await page.select('.toolbar select', metric);
    const frames = await evalAll(page, '.frame', (elements) =>
      elements.map((frame) => ({ value: Number(frame.dataset.value), top: frame.offsetTop, width: frame.getBoundingClientRect().width })),
    );
    const expected = nonRoot.reduce((sum, context) => sum + context[field], 0);
    const root = frames.find((frame) => frame.top === 0);
    assert.ok(Math.abs(root.value - expected) <= 1e-9 * Math.max(1, expected), `${metric}: ${root.value} = ${expected}`);
    const secondTop = Math.min(...frames.filter((frame) => frame.top > 0).map((frame) => frame.top));
    const firstRow = frames.filter((frame) => frame.top === secondTop);
    const rowValue = firstRow.reduce((sum, frame) => sum + frame.value, 0);
    const rowWidth = firstRow.reduce((sum, frame) => sum + frame.width, 0);
    assert.ok(Math.abs(rowValue - root.value) <= 1e-9 * Math.max(1, expected), `${metric}: the row below the top adds up`);
    assert.ok(Math.abs(rowWidth - root.width) <= 1, `${metric}: ${rowWidth} px of ${root.width} px`);
  }
  assert.deepEqual(problems, []);
});

/** Picks the function with this id in the graph, then applies a selection from the side panel. */
async function selectInPage(page, id, flag, pattern) {
  await page.click(`g.node[data-function-id="${id}"]`);
  await page.click(`button[data-action="${flag}"]`);
  await waitRedrawn(page, `--${flag} /${pattern}/`);
}

testInBrowsers("the command line's --root comes into the page, and an --ignore clicked there draws what --root with --ignore draws", async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'root.html'));
  await assertSameGraph(page, join(out, 'root.dot'));
  const dumps = boxNamed(join(out, 'root.dot'), 'JsonSerializer.dumps');
  await selectInPage(page, dumps, 'ignore', IGNORE);
  await assertSameGraph(page, join(out, 'root-ignore.dot'));
  await page.keyboard.press('u');
  await waitRedrawn(page, 'undone');
  await assertSameGraph(page, join(out, 'root.dot'));
  assert.deepEqual(problems, []);
});

testInBrowsers('a version 1 profile, upgraded when read, gives a page that draws and focuses as render does', async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'v1.html'));
  await assertSameGraph(page, join(out, 'v1.dot'));
  await selectInPage(page, boxNamed(join(out, 'v1.dot'), 'Producer.publish'), 'focus', FOCUS);
  await assertSameGraph(page, join(out, 'v1-focus.dot'));
  assert.deepEqual(problems, []);
});

testInBrowsers("the graph's labels are set in the page's inline DejaVu Sans, loaded without a request, and fit their boxes", async (browser) => {
  // The test browsers see no installed DejaVu (test/helpers/browser.mjs): only the page's own copy can draw it.
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].map((face) => [face.family.replace(/"/g, ''), face.weight, face.status]);
  });
  assert.deepEqual(fonts, [['DejaVu Sans', 'normal', 'loaded'], ['DejaVu Sans', 'bold', 'loaded']]);
  const labels = await evalAll(page, '.graph-view g.node', (nodes) => {
    const context = document.createElement('canvas').getContext('2d');
    return nodes.flatMap((node) => {
      const box = node.querySelector('path, polygon').getBBox();
      return [...node.querySelectorAll('text')].map((text) => {
        // A monospace fallback makes a missing face show: DejaVu Sans is narrower.
        context.font = `${text.getAttribute('font-weight') ?? 'normal'} ${text.getAttribute('font-size')}px "DejaVu Sans", monospace`;
        return { text: text.textContent, width: text.getComputedTextLength(), inlineFace: context.measureText(text.textContent).width, box: box.width };
      });
    });
  });
  assert.ok(labels.length > 50, `${labels.length} label lines`);
  for (const label of labels) {
    // Within 1 %: SVG and canvas text round differently (monospace is 6 % wider).
    assert.ok(Math.abs(label.width - label.inlineFace) <= 0.01 * label.inlineFace, `"${label.text}" is ${label.width} wide, ${label.inlineFace} in DejaVu Sans`);
    assert.ok(label.width < label.box, `"${label.text}" (${label.width}) fits its box (${label.box})`);
  }
  assert.deepEqual(problems, []);
});

testInBrowsers('the wheel zooms the graph, by as much for a notch counted in lines (as Firefox may) as for the same in pixels', async (browser) => {
  const { page, problems } = await openPage(browser, join(out, 'calls.html'));
  const width = () => page.$eval('.graph-view svg', (svg) => svg.viewBox.baseVal.width);
  const fitted = await width();
  await page.mouse.move(500, 500);
  await page.mouse.wheel({ deltaY: -100 });
  await page.waitForFunction((before) => document.querySelector('.graph-view svg').viewBox.baseVal.width < before, {}, fitted);
  /** The zoom factor of one wheel event on the fitted graph. */
  const zoomOf = (deltaY, deltaMode) =>
    page.evaluate((init) => {
      const svg = document.querySelector('.graph-view svg');
      svg.parentElement.dispatchEvent(new KeyboardEvent('keydown', { key: '0', bubbles: true }));
      const before = svg.viewBox.baseVal.width;
      svg.dispatchEvent(new WheelEvent('wheel', { ...init, clientX: 500, clientY: 500, bubbles: true, cancelable: true }));
      return svg.viewBox.baseVal.width / before;
    }, { deltaY, deltaMode });
  const pixels = await zoomOf(-48, 0);
  assert.ok(pixels < 0.95, `a notch zooms in (${pixels})`);
  assert.ok(Math.abs((await zoomOf(-3, 1)) - pixels) < 1e-9);
  assert.deepEqual(problems, []);
});
