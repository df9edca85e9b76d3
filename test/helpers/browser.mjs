// A real headless browser for the HTML report's tests: Debian's chromium,
// driven by puppeteer-core (which downloads no browser). A test that needs it
// skips with a clear message when it is missing, or fails in CI (CI=true or
// TSPROF_REQUIRE_BROWSER=1), where .ci/run installs it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.TSPROF_CHROMIUM ?? '/usr/bin/chromium';

export function browserRequired() {
  return process.env.CI === 'true' || process.env.TSPROF_REQUIRE_BROWSER === '1';
}

/** True when chromium is installed; otherwise skips `t` (or throws in CI). */
export function requireBrowser(t) {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (browserRequired()) throw new Error(`${message}, and CI requires it`);
  t.diagnostic(`SKIPPED: ${message}`);
  t.skip(`${message}; set TSPROF_REQUIRE_BROWSER=1 to make this a failure`);
  return false;
}

/** Flags that keep chromium from calling home: any request the test sees is then the page's. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'tsprof-chromium-'));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, `--user-data-dir=${profile}`] });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `file` and records what must never happen: a request for anything
 * but the file itself (and the blob the page starts its worker from), a
 * console error, an uncaught exception. Resolves when the page says it is ready.
 */
export async function openPage(browser, file, viewport = { width: 1400, height: 900 }) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const url = pathToFileURL(file).href;
  const problems = [];
  page.on('request', (request) => {
    if (request.url() !== url && !request.url().startsWith('blob:')) problems.push(`request: ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('workercreated', (worker) => {
    worker.on?.('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

/**
 * Waits until the page has redrawn after a selection (the graph is laid out
 * in a worker): its status line starts with `what` once the new graph is shown. A
 * wait for the busy state in between could miss it on a fast layout.
 */
export async function waitRedrawn(page, what) {
  await page.waitForFunction((text) => document.body.dataset.ready === 'true' && document.querySelector('.status')?.textContent?.startsWith(text), {}, what);
}
