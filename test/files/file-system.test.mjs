// tsprof replaces only what it owns: regular files, atomically. Links are
// written through, devices, pipes and sockets are refused with one line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWritableFile, makeDirectories, writeFileAtomic, writeFileAtomicFlushingAside } from '../../dist/file-system.js';

const scratches = [];
const scratch = () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-fs-'));
  scratches.push(directory);
  return directory;
};
after(() => scratches.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

test('a regular file is replaced whole and keeps its permissions; no temp file is left', () => {
  const directory = scratch();
  const file = join(directory, 'profile.json');
  writeFileSync(file, 'old');
  chmodSync(file, 0o640);
  writeFileAtomic(file, 'new');
  assert.equal(readFileSync(file, 'utf8'), 'new');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(directory), ['profile.json']);
});

test('with the flush aside, the old file stays whole until the promise has put the new one in place, permissions kept, no temp file left', async () => {
  const directory = scratch();
  const file = join(directory, 'calls.dot');
  writeFileSync(file, 'old');
  chmodSync(file, 0o640);
  const written = writeFileAtomicFlushingAside(file, 'new');
  // Nothing can have been renamed before this turn of the event loop ends: the flush's callback comes after it.
  assert.equal(readFileSync(file, 'utf8'), 'old');
  assert.equal(readdirSync(directory).length, 2, 'the contents wait in a temp file beside it');
  await written;
  assert.equal(readFileSync(file, 'utf8'), 'new');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(directory), ['calls.dot']);
});

test('with the flush aside, what cannot be written is thrown at once, as writeFileAtomic throws it, and no promise is left to reject', () => {
  const directory = scratch();
  const missing = join(directory, 'missing', 'calls.dot');
  assert.throws(() => writeFileAtomicFlushingAside(missing, 'new'), (error) => error.message === `cannot write ${missing}: ENOENT; check the path and free disk space`);
  assert.throws(() => writeFileAtomic(missing, 'new'), (error) => error.message === `cannot write ${missing}: ENOENT; check the path and free disk space`);
  assert.deepEqual(readdirSync(directory), []);
});

test('a symbolic link is written through: the link stays, its target gets the contents', () => {
  const directory = scratch();
  const target = join(directory, 'real.json');
  const link = join(directory, 'link.json');
  writeFileSync(target, 'old');
  symlinkSync('real.json', link);
  writeFileAtomic(link, 'new');
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  assert.equal(readFileSync(target, 'utf8'), 'new');
  assert.deepEqual(readdirSync(directory).sort(), ['link.json', 'real.json']);
});

test('a dangling link creates its target, through a chain of links', () => {
  const directory = scratch();
  symlinkSync('second.json', join(directory, 'first.json'));
  symlinkSync(join(directory, 'final.json'), join(directory, 'second.json'));
  writeFileAtomic(join(directory, 'first.json'), 'made');
  assert.equal(readFileSync(join(directory, 'final.json'), 'utf8'), 'made');
  assert.ok(lstatSync(join(directory, 'first.json')).isSymbolicLink());
  assert.ok(lstatSync(join(directory, 'second.json')).isSymbolicLink());
});

test('a named pipe is refused with one line and left in place', () => {
  const directory = scratch();
  const fifo = join(directory, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => writeFileAtomic(fifo, 'x'), /^FileWriteError: cannot write .*pipe\.json: it is a named pipe \(FIFO\), not a regular file; choose a file path$/);
  assert.throws(() => checkWritableFile(fifo, 'profile'), /cannot write profile .*pipe\.json: it is a named pipe/);
  assert.ok(lstatSync(fifo).isFIFO());
  assert.deepEqual(readdirSync(directory), ['pipe.json']);
});

test('a link to a device is refused and neither is replaced', (t) => {
  const directory = scratch();
  const device = join(directory, 'full');
  try {
    execFileSync('mknod', [device, 'c', '1', '7'], { stdio: 'ignore' });
  } catch {
    t.skip('cannot create a device node here (needs root)');
    return;
  }
  symlinkSync(device, join(directory, 'out.png'));
  assert.throws(() => writeFileAtomic(device, 'x'), /it is a character device, not a regular file/);
  assert.throws(() => checkWritableFile(join(directory, 'out.png'), 'output'), /cannot write output .*out\.png: it is a character device \(through a link to .*full\)/);
  assert.ok(lstatSync(device).isCharacterDevice());
  assert.ok(lstatSync(join(directory, 'out.png')).isSymbolicLink());
});

test('a socket and a directory are refused', async () => {
  const directory = scratch();
  const socket = join(directory, 'calls.png');
  const server = createServer();
  await new Promise((resolve) => server.listen(socket, resolve));
  try {
    assert.throws(() => writeFileAtomic(socket, 'x'), /it is a socket, not a regular file/);
    assert.ok(lstatSync(socket).isSocket());
  } finally {
    server.close();
  }
  assert.throws(() => checkWritableFile(directory, 'output'), /it is a directory, not a regular file/);
});

test('mkdir -p creates missing levels and refuses to go through a file', () => {
  const directory = scratch();
  makeDirectories(join(directory, 'a', 'b', 'c'));
  assert.ok(statSync(join(directory, 'a', 'b', 'c')).isDirectory());
  writeFileSync(join(directory, 'file'), '');
  assert.throws(() => makeDirectories(join(directory, 'file', 'x')), { code: 'ENOTDIR' });
  assert.throws(() => checkWritableFile(join(directory, 'file', 'x', 'out.png'), 'output'), /cannot write output .*: .*file\/x is not writable \(ENOTDIR\); choose another path$/);
});
