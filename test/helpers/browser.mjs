// Real headless browsers for the HTML report's tests: Debian's chromium and
// firefox-esr, both driven by puppeteer-core (which downloads no browser;
// Firefox through WebDriver BiDi). A test that needs one skips with a clear
// message when it is missing, or fails in CI (CI=true or
// TSPROF_REQUIRE_BROWSER=1), where .ci/run installs both.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

/** Chromium's switches that keep it from calling home: any request the test sees is then the page's. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Firefox's preferences to the same end, beyond those puppeteer sets for
 * automation (safe browsing, telemetry, blocklist and update servers): no
 * captive-portal or connectivity probe, no prefetch.
 */
const FIREFOX_PREFS = {
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
};

/** The browsers every page test runs in: the Debian package that installs each, and how puppeteer starts it. */
export const BROWSERS = [
  {
    name: 'chromium',
    executable: process.env.TSPROF_CHROMIUM ?? '/usr/bin/chromium',
    debianPackage: 'chromium',
    launchOptions: (profile) => ({ args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`] }),
  },
  {
    name: 'firefox',
    executable: process.env.TSPROF_FIREFOX ?? '/usr/bin/firefox-esr',
    debianPackage: 'firefox-esr',
    launchOptions: (profile) => ({ browser: 'firefox', userDataDir: profile, extraPrefsFirefox: FIREFOX_PREFS }),
  },
];
export const [CHROMIUM] = BROWSERS;

/**
 * The browsers the tests run in: all of BROWSERS, or those TSPROF_BROWSERS
 * names (comma-separated; scripts/test-matrix.js runs Firefox on one Node leg only).
 */
function chosenBrowsers() {
  const setting = process.env.TSPROF_BROWSERS?.trim();
  if (!setting) return BROWSERS;
  const names = setting.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !BROWSERS.some((kind) => kind.name === name));
  if (unknown.length > 0) throw new Error(`TSPROF_BROWSERS names ${unknown.join(', ')}; the browsers are ${BROWSERS.map((kind) => kind.name).join(', ')}`);
  return BROWSERS.filter((kind) => names.includes(kind.name));
}

export function browserRequired() {
  return process.env.CI === 'true' || process.env.TSPROF_REQUIRE_BROWSER === '1';
}

/** True when `browser` (default chromium) is installed; otherwise skips `t` (or throws in CI). */
export function requireBrowser(t, browser = CHROMIUM) {
  if (existsSync(browser.executable)) return true;
  const message = `${browser.executable} is not installed (apt-get install ${browser.debianPackage})`;
  if (browserRequired()) throw new Error(`${message}, and CI requires it`);
  t.diagnostic(`SKIPPED: ${message}`);
  t.skip(`${message}; set TSPROF_REQUIRE_BROWSER=1 to make this a failure`);
  return false;
}

/**
 * The machine's fontconfig setup less DejaVu: the browser sees the page as one
 * where the font Graphviz laid the graph out for is not installed, so the page's
 * inline copy is what draws it.
 */
const FONTS_WITHOUT_DEJAVU = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*/dejavu/*</glob><pattern><patelt name="family"><string>DejaVu Sans</string></patelt></pattern></rejectfont></selectfont>
</fontconfig>
`;

export async function launchBrowser(kind = CHROMIUM) {
  const profile = mkdtempSync(join(tmpdir(), `tsprof-${kind.name}-`));
  const fonts = join(profile, 'fonts-without-dejavu.conf');
  writeFileSync(fonts, FONTS_WITHOUT_DEJAVU);
  const userData = join(profile, 'browser');
  mkdirSync(userData);
  const env = { ...process.env, FONTCONFIG_FILE: fonts };
  const browser = await puppeteer.launch({ executablePath: kind.executable, headless: true, env, ...kind.launchOptions(userData) });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * `testInBrowsers(name, body)` registers one test per browser (chosenBrowsers),
 * named `name [chromium]` and `name [firefox]`; `body(browser)` gets that
 * browser's one instance for the file (launched by the first test that needs
 * it, closed after the file: a launch costs more than most tests). The pages
 * a test opens are closed after it. Call once at the top of a test file.
 */
export function browserTests() {
  const sessions = new Map();
  after(async () => {
    for (const session of sessions.values()) await (await session).close();
  });
  return function testInBrowsers(name, body) {
    for (const kind of chosenBrowsers()) {
      test(`${name} [${kind.name}]`, async (t) => {
        if (!requireBrowser(t, kind)) return;
        if (!sessions.has(kind.name)) sessions.set(kind.name, launchBrowser(kind));
        const { browser } = await sessions.get(kind.name);
        const before = new Set(await browser.pages());
        try {
          await body(browser);
        } finally {
          for (const page of await browser.pages()) if (!before.has(page)) await page.close();
        }
      });
    }
  };
}

/**
 * Opens `file` and records what must never happen: a request for anything
 * but the file itself and blob: or data: URLs, a
 * console error, an uncaught exception. Resolves when the page says it is ready.
 */
export async function openPage(browser, file, viewport = { width: 1400, height: 900 }) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const url = pathToFileURL(file).href;
  const problems = [];
  // A blob: or data: URL carries its bytes and fetches nothing: the worker's blob, the page's
  // inline font, and (Firefox reports these too) the list-bullet font of its own stylesheet.
  page.on('request', (request) => {
    if (request.url() !== url && !/^(blob|data):/.test(request.url())) problems.push(`request: ${request.url()}`);
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
 * `page.$$eval(selector, fn, ...args)` in one round trip: puppeteer's own takes
 * several over Firefox's WebDriver BiDi (340 ms against 20 for page.evaluate).
 * `fn` gets the matching elements as an array, and like $$eval's it may use
 * nothing from the test's scope.
 */
export function evalAll(page, selector, fn, ...args) {
  return page.evaluate(`(${fn})([...document.querySelectorAll(${JSON.stringify(selector)})], ...${JSON.stringify(args)})`);
}

/**
 * Waits until the page has redrawn after a selection (the graph is laid out
 * in a worker): its status line starts with `what` once the new graph is shown. A
 * wait for the busy state in between could miss it on a fast layout.
 */
export async function waitRedrawn(page, what) {
  await page.waitForFunction((text) => document.body.dataset.ready === 'true' && document.querySelector('.status')?.textContent?.startsWith(text), {}, what);
}
