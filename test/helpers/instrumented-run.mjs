// Behaviour specs for the transform: a snippet runs plain and instrumented, each in a fresh
// process, and the two runs must be indistinguishable; the instrumented run also reports the
// calls tsprof recorded, and the plain run V8's own precise call counts to check them against.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@babel/parser';
import { instrument } from '../../dist/instrument/instrument.js';

export const RUNTIME_HANDLE = fileURLToPath(new URL('../../dist/runtime/handle.js', import.meta.url));
const DRIVER = fileURLToPath(new URL('./run-snippet.cjs', import.meta.url));
const CHILD_TIMEOUT_MS = 20_000;
/** Snippets run bare, even when these tests themselves run under tsprof or the test runner. */
const CHILD_ENVIRONMENT = { ...process.env, NODE_OPTIONS: '' };
delete CHILD_ENVIRONMENT.TSPROF_CONFIG;
delete CHILD_ENVIRONMENT.NODE_TEST_CONTEXT;

/** Instruments a snippet the way the loaders do, for a file at `filename`. */
export function instrumentSnippet(code, { filename = '/virtual/spec.cjs', format = 'commonjs' } = {}) {
  const runtimeSpecifier = format === 'module' ? pathToFileURL(RUNTIME_HANDLE).href : RUNTIME_HANDLE;
  return instrument(code, { filename, format, runtimeSpecifier });
}

let running = 0;
const waiting = [];
const slots = Math.max(2, availableParallelism());

async function withSlot(work) {
  if (running >= slots) await new Promise((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runChild(file, outcomeFile, flags) {
  return withSlot(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [DRIVER, file, outcomeFile, ...flags], { env: CHILD_ENVIRONMENT, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
        child.on('close', (status, signal) => {
          let outcome = null;
          try {
            outcome = JSON.parse(readFileSync(outcomeFile, 'utf8'));
          } catch {
            outcome = null;
          }
          resolve({ status, signal, stdout, stderr, outcome });
        });
      }),
  );
}

const FUNCTION_NODE = /^(?:FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ObjectMethod|ClassMethod|ClassPrivateMethod)$/;

function functionNodes(code, format) {
  const ast = parse(code, {
    sourceType: format === 'module' ? 'module' : 'script',
    allowReturnOutsideFunction: format !== 'module',
    allowNewTargetOutsideFunction: format !== 'module',
    plugins: ['explicitResourceManagement'],
  });
  const found = [];
  const visit = (node) => {
    if (FUNCTION_NODE.test(node.type)) found.push(node);
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key.endsWith('Comments') || key === 'extra') continue;
      const value = node[key];
      if (Array.isArray(value)) for (const child of value) child && typeof child.type === 'string' && visit(child);
      else if (value && typeof value.type === 'string') visit(value);
    }
  };
  visit(ast.program);
  return found;
}

/**
 * The count V8 gives a function it left out of its report: the innermost range around it.
 * V8 may leave out a function whose count its enclosing range already tells (Node 24's V8
 * does so for the functions after one that calls an escaped direct eval).
 */
function enclosingCount(coverage, node) {
  let innermost = null;
  for (const fn of coverage) {
    for (const [start, end, count] of fn.blocks ?? []) {
      if (start > node.start || end < node.end) continue;
      if (!innermost || end - start < innermost.end - innermost.start) innermost = { start, end, count };
    }
  }
  return innermost ? innermost.count : 0;
}

/**
 * Pairs each instrumented function with V8's count for the same function in the plain run.
 * V8 and Babel agree on where a function ends; V8 may start a method after `static`, and
 * nested arrows can end together (`a => b => c`), so among functions that end at the same
 * offset the one starting first at or after the Babel start, before the next nested one, is it.
 */
function crossCheck(code, format, sites, coverage) {
  const nodes = functionNodes(code, format);
  const byEnd = new Map();
  for (const node of nodes) byEnd.set(node.end, [...(byEnd.get(node.end) ?? []), node].sort((a, b) => a.start - b.start));
  return sites.map(([name, line, column, calls]) => {
    const node = nodes.find((candidate) => candidate.loc.start.line === line && candidate.loc.start.column === column - 1);
    if (!node) return { name, line, column, calls, v8: null };
    const siblings = byEnd.get(node.end);
    const nested = siblings[siblings.indexOf(node) + 1];
    const match = coverage
      .filter((fn) => fn.end === node.end && fn.start >= node.start && (!nested || fn.start < nested.start))
      .sort((a, b) => a.start - b.start)[0];
    return { name, line, column, calls, v8: match ? match.count : enclosingCount(coverage, node) };
  });
}

/**
 * Runs one spec plain and instrumented. Returns both observable outcomes, tsprof's
 * calls by display name, and per function tsprof's count beside V8's.
 */
export async function runSnippet({ code, format = 'commonjs' }) {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-spec-'));
  const extension = format === 'module' ? '.mjs' : '.cjs';
  try {
    const plainFile = join(directory, 'plain', `spec${extension}`);
    const instrumentedFile = join(directory, 'instrumented', `spec${extension}`);
    mkdirSync(join(directory, 'plain'));
    mkdirSync(join(directory, 'instrumented'));
    const instrumented = instrumentSnippet(code, { filename: instrumentedFile, format });
    writeFileSync(plainFile, code);
    writeFileSync(instrumentedFile, instrumented.code);
    const [plainRun, instrumentedRun] = await Promise.all([
      runChild(plainFile, join(directory, 'plain.json'), ['--coverage']),
      runChild(instrumentedFile, join(directory, 'instrumented.json'), ['--counts']),
    ]);
    const sites = instrumentedRun.outcome?.sites ?? [];
    const counts = {};
    for (const [name, , , calls] of sites) counts[name] = (counts[name] ?? 0) + calls;
    return {
      plain: observable(plainRun, plainFile),
      instrumented: observable(instrumentedRun, instrumentedFile),
      counts,
      coverage: crossCheck(code, format, sites, plainRun.outcome?.coverage ?? []),
      skipped: instrumented.skipped,
      instrumentedCode: instrumented.code,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Node quotes the offending source line of an uncaught error; its columns and stack frames differ by construction. */
function withoutSourceExcerpts(stderr) {
  const lines = stderr.split('\n');
  return lines.filter((line, index) => !/^\s+at /.test(line) && !/^\s*\^+\s*$/.test(line) && !/^<spec>:\d+$/.test(lines[index - 1] ?? '')).join('\n');
}

/** What a user of the program could see. */
function observable(run, file) {
  const withoutPaths = (text) => text.split(file).join('<spec>');
  return {
    status: run.status,
    signal: run.signal,
    stdout: withoutPaths(run.stdout),
    stderr: withoutSourceExcerpts(withoutPaths(run.stderr)),
    events: run.outcome?.events ?? null,
    exitCode: run.outcome?.exitCode ?? null,
  };
}

/** Asserts a spec's result: same outcome both ways, the expected counts, and V8's counts. */
export function assertSpec(spec, result) {
  assert.notEqual(result.plain.events, null, `the plain run produced no outcome:\n${result.plain.stderr}`);
  if (spec.expect !== undefined) assert.deepEqual(result.plain.events, spec.expect, 'the plain run did not do what the spec says');
  if (!spec.throws) {
    const failures = result.plain.events.filter((event) => event.kind !== 'result' && event.kind !== 'resolved');
    assert.deepEqual(failures, [], 'the plain run failed, and the spec does not say it throws');
  }
  assert.deepEqual(result.instrumented, result.plain, `instrumented run differs from the plain run; instrumented code:\n${result.instrumentedCode}`);
  assert.deepEqual(
    result.skipped.map((skip) => skip.name),
    spec.skipped ?? [],
    'functions left uninstrumented',
  );
  if (spec.counts) {
    const recorded = {};
    for (const name of Object.keys(spec.counts)) recorded[name] = result.counts[name];
    assert.deepEqual(recorded, spec.counts, `recorded calls (all: ${JSON.stringify(result.counts)})`);
  }
  const exempt = spec.v8Differs ?? {};
  const mismatches = result.coverage.filter((row) => !(row.name in exempt) && row.calls !== row.v8);
  assert.deepEqual(mismatches, [], 'tsprof calls differ from V8 precise coverage');
}

/** Registers one test per spec; all specs of the table run up front, in parallel. */
export async function specTable(specs) {
  const results = await Promise.all(specs.map((spec) => runSnippet(spec).catch((error) => ({ error }))));
  specs.forEach((spec, index) => {
    test(spec.name, () => {
      const result = results[index];
      if (result.error) throw result.error;
      assertSpec(spec, result);
    });
  });
}
