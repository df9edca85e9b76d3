// README.md and docs/*.md stay true: README keeps the first ten minutes and the
// two commands CI runs, every link lands on a file and heading that exist, every
// option the CLI has is documented on its command's page, and every tsprof
// command line shown in a code block uses only options that command has.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import test from 'node:test';
import { repoRoot, runTsprof } from '../helpers/cli.mjs';

const COMMAND_PAGES = {
  run: 'docs/options.md',
  render: 'docs/options.md',
  report: 'docs/options.md',
  merge: 'docs/options.md',
  export: 'docs/exports.md',
  diff: 'docs/ci.md',
  check: 'docs/ci.md',
};
const pages = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const read = (page) => readFileSync(join(repoRoot, page), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function anchorOf(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function codeBlockLines(text) {
  const lines = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('```')) inside = !inside;
    else if (inside) lines.push(line);
  }
  return lines;
}

/** The page names the option in code: `--top`, `[--top N]`, `tsprof diff --top 5`. */
function mentions(text, option) {
  return new RegExp(`[\\s\`[(]${option}(?![a-z-])`).test(text);
}

async function optionsOf(command) {
  const result = await runTsprof(command === 'run' ? ['--help'] : [command, '--help']);
  assert.equal(result.code, 0, result.stderr);
  // Each option with its short form, if it has one: either spelling documents it.
  const options = new Map();
  for (const match of result.stdout.matchAll(/^ {2}(?:(-\w), )?(--[a-z][a-z-]*)/gm)) {
    const spellings = match[1] ? [match[1], match[2]] : [match[2]];
    for (const spelling of spellings) options.set(spelling, spellings);
  }
  return options;
}

test('README gives the two commands CI runs and stays a short start', () => {
  const readme = read('README.md');
  assert.match(readme, /^npm ci && npm run demo /m);
  assert.match(readme, /^npm test /m);
  const lines = readme.split('\n').length;
  assert.ok(lines <= 200, `README.md has ${lines} lines; reference material belongs in docs/`);
});

test('every relative link in README.md and docs/ lands on a file and a heading that exist', () => {
  const broken = [];
  for (const page of pages) {
    for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split('#');
      const resolved = file ? resolve(repoRoot, dirname(page), file) : join(repoRoot, page);
      if (!existsSync(resolved)) {
        broken.push(`${page}: ${target} (no such file)`);
        continue;
      }
      if (anchor === undefined) continue;
      const headings = [...readFileSync(resolved, 'utf8').matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1]));
      if (!headings.includes(anchor)) broken.push(`${page}: ${target} (no heading #${anchor} in ${relative(repoRoot, resolved)})`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every option of every command is documented on its page, and every example uses real options', async () => {
  const options = {};
  for (const command of Object.keys(COMMAND_PAGES)) options[command] = await optionsOf(command);

  const undocumented = [];
  for (const [command, page] of Object.entries(COMMAND_PAGES)) {
    const text = read(page);
    for (const [option, spellings] of options[command]) {
      if (option.startsWith('--') && option !== '--help' && !spellings.some((spelling) => mentions(text, spelling))) {
        undocumented.push(`${command} ${option} (${page})`);
      }
    }
  }
  assert.deepEqual(undocumented, []);

  const wrong = [];
  let examples = 0;
  for (const page of pages) {
    for (const line of codeBlockLines(read(page))) {
      const match = /^\s*(?:\$ |npx )?(?:tsprof|"\$tsprof")(?: (run|render|report|merge|export|diff|check)\b)?(.*)$/.exec(line);
      if (!match) continue;
      examples++;
      const command = match[1] ?? 'run';
      // The command's own arguments follow `--`; options go before it.
      const own = match[2].replace(/\s#.*$/, '').split(/ -- /)[0];
      for (const [, option] of own.matchAll(/(?:^|[\s[(])(--?[a-z][a-z-]*)/g)) {
        if (!options[command].has(option)) wrong.push(`${page}: ${line.trim()} (tsprof ${command} has no ${option})`);
      }
    }
  }
  assert.ok(examples >= 20, `only ${examples} tsprof command lines found in code blocks`);
  assert.deepEqual(wrong, []);
});
