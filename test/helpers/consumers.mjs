// The programs that read tsprof's exports (go tool pprof, callgrind_annotate): a test that
// needs one skips with a clear message when it is missing — or fails in CI (CI=true, or
// TSPROF_REQUIRE_CONSUMERS=1), where .ci/run installs them and a missing one is an error.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function consumersRequired() {
  return process.env.CI === 'true' || process.env.TSPROF_REQUIRE_CONSUMERS === '1';
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** True when `command` is installed; otherwise skips `t` (or throws in CI). `install` says how to get it. */
export function requireConsumer(t, command, install) {
  if (onPath(command)) return true;
  const message = `${command} is not installed (${install})`;
  if (consumersRequired()) throw new Error(`${message}, and CI requires it`);
  t.diagnostic(`SKIPPED: ${message}`);
  t.skip(`${message}; set TSPROF_REQUIRE_CONSUMERS=1 to make this a failure`);
  return false;
}

/**
 * `go tool pprof` with a throwaway HOME and temp directory, and a toolchain that
 * may not download anything: it reads the file and prints, nothing else.
 */
export function goPprof(args) {
  const home = mkdtempSync(join(tmpdir(), 'tsprof-pprof-home-'));
  return execFileSync('go', ['tool', 'pprof', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: home, PPROF_TMPDIR: home, GOPATH: join(home, 'go'), GOCACHE: join(home, 'cache'), GOPROXY: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function callgrindAnnotate(args, { cwd } = {}) {
  return execFileSync('callgrind_annotate', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
