import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const tsprofBin = join(repoRoot, 'bin', 'tsprof.js');

const scratchDirectories = [];
// Each test file runs in its own process: its scratch directories go when it ends.
process.once('exit', () => {
  for (const directory of scratchDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A fresh directory for one test's outputs, removed when the test file's process ends. */
export function scratchDirectory(prefix = 'tsprof-test-') {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  scratchDirectories.push(directory);
  return directory;
}

/** Runs the real CLI; resolves with its exit code, signal and output. */
/** The environment of a profiled run: like ours, minus what only this test runner should see. */
export function cleanEnvironment(extra = {}) {
  const environment = { ...process.env, NODE_OPTIONS: '', ...extra };
  delete environment.NODE_TEST_CONTEXT; // else a nested `node --test` thinks it is recursive
  return environment;
}

export function runTsprof(args, { cwd = repoRoot, env = {}, timeoutMs = 120_000 } = {}) {
  return new Promise((resolvePromise, rejectPromise) => {
    const child = spawn(process.execPath, [tsprofBin, ...args], {
      cwd,
      env: cleanEnvironment(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectPromise(new Error(`tsprof ${args.join(' ')} timed out; stderr so far:\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, child });
    });
  });
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The program's functions: every node but the root and tsprof's own
 * `(tsprof: instrumenting)`, which appears when the transform cache was cold.
 */
export function programNodes(profile) {
  return profile.nodes.filter((node) => node.id !== 0 && !node.name.startsWith('(tsprof: '));
}

/** Nodes of a profile by display name; fails loudly when a name is ambiguous. */
export function nodesByName(profile) {
  const byName = new Map();
  for (const node of profile.nodes) {
    if (byName.has(node.name)) byName.set(node.name, null);
    else byName.set(node.name, node);
  }
  return byName;
}

export function isPng(buffer) {
  return buffer.length > 24 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

export function pngSize(buffer) {
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** Bad input: exactly one `tsprof: …` line on stderr, no stack trace, a non-zero exit. */
export function assertOneLineError(result, pattern) {
  assert.notEqual(result.code, 0);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0], /^tsprof: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}
