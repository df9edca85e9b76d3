// Screenshots of calls.html's views for docs/html-report.md, taken in the
// headless chromium of the tests: node scripts/html-screenshots.mjs (after npm run build).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openPage, waitRedrawn } from '../test/helpers/browser.mjs';
import { repoRoot } from '../test/helpers/cli.mjs';

const out = mkdtempSync(join(tmpdir(), 'tsprof-screenshots-'));
const file = join(out, 'calls.html');
const profile = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');
const rendered = spawnSync(process.execPath, [join(repoRoot, 'bin', 'tsprof.js'), 'render', profile, '-o', file], { cwd: repoRoot, encoding: 'utf8' });
if (rendered.status !== 0) throw new Error(rendered.stderr);
const { browser, close } = await launchBrowser();
try {
  const { page, problems } = await openPage(browser, file, { width: 1400, height: 900 });
  const shot = (name) => page.screenshot({ path: join(repoRoot, 'docs', `html-report-${name}.png`) });
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
} finally {
  await close();
  rmSync(out, { recursive: true, force: true });
}
