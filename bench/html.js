'use strict';
// calls.html in headless chromium and firefox: navigation to interactive (targets: < 1 s
// for the fixture, < 3 s for the TypeScript compiler's profile) and one
// focus clicked in the page (selection + DOT + Graphviz in a worker + redraw).
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { largeLibraryProfile } = require('./render.js');
const { median } = require('./timing.js');

const root = join(__dirname, '..');
const TARGETS = { fixture: 1000, 'large library': 3000 };

function writePage(profileFile, file) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'tsprof.js'), 'render', profileFile, '-o', file], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsprof render -o ${file} failed:\n${result.stderr}`);
}

async function measure(browserApi, browser, file, repetitions) {
  const loads = [];
  const focuses = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const { page, problems } = await browserApi.openPage(browser, file);
    loads.push(Number(await page.$eval('body', (body) => body.dataset.interactiveMs)));
    const boxes = await page.$$eval('g.node', (nodes) => nodes.map((node) => node.dataset.functionId));
    await page.click(`g.node[data-function-id="${boxes[Math.floor(boxes.length / 2)]}"]`);
    const started = performance.now();
    await page.click('button[data-action="focus"]');
    await browserApi.waitRedrawn(page, '--focus ');
    focuses.push(performance.now() - started);
    if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
    await page.close();
  }
  return { loadMs: median(loads), focusMs: median(focuses) };
}

async function benchHtml({ repetitions = 3 } = {}) {
  const browserApi = await import('../test/helpers/browser.mjs');
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-html-'));
  try {
    const profiles = { fixture: join(root, 'test', 'golden', 'taskqueue-v2.profile.json') };
    if (!process.env.TSPROF_BENCH_QUICK) {
      largeLibraryProfile();
      profiles['large library'] = join(root, 'out', 'large-library.profile.json');
    }
    const pages = Object.entries(profiles).map(([label, profileFile]) => {
      const file = join(out, `${label.replace(/ /g, '-')}.html`);
      writePage(profileFile, file);
      return { label, file };
    });
    for (const kind of browserApi.BROWSERS) {
      console.log(`calls.html in headless ${kind.name} (median of ${repetitions}): navigation to interactive, and one focus clicked in the page`);
      if (!existsSync(kind.executable)) {
        console.log(`  skipped: ${kind.executable} is not installed (apt-get install ${kind.debianPackage})`);
        continue;
      }
      const { browser, close } = await browserApi.launchBrowser(kind);
      try {
        for (const { label, file } of pages) {
          const { loadMs, focusMs } = await measure(browserApi, browser, file, repetitions);
          const megabytes = (statSync(file).size / 1e6).toFixed(2);
          console.log(`  ${label.padEnd(14)} ${megabytes.padStart(6)} MB   interactive ${loadMs.toFixed(0).padStart(5)} ms = ${(loadMs / TARGETS[label]).toFixed(2)} of target   focus ${focusMs.toFixed(0).padStart(5)} ms`);
        }
      } finally {
        await close();
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchHtml().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

module.exports = { benchHtml };
