// The caches' hash (src/loader/hash.ts): what it promises, checked on many inputs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { foldsInWebAssembly, hashBytes, hashTexts } from '../../dist/loader/hash.js';

test('16 hex digits, the same for the same input, whatever buffer the bytes sit in', () => {
  const bytes = randomBytes(1000);
  const hash = hashBytes(bytes);
  assert.match(hash, /^[0-9a-f]{16}$/);
  assert.equal(hashBytes(Uint8Array.from(bytes)), hash);
  // Not on a 4-byte boundary: read from a copy, same result.
  const shifted = Buffer.alloc(1003);
  bytes.copy(shifted, 3);
  assert.equal(hashBytes(shifted.subarray(3)), hash);
});

test('every single flipped bit of a code cache-sized input changes the hash (each word goes through a bijection)', () => {
  const bytes = randomBytes(4099);
  const original = hashBytes(bytes);
  const seen = new Set([original]);
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    bytes[bit >> 3] ^= 1 << (bit & 7);
    seen.add(hashBytes(bytes));
    bytes[bit >> 3] ^= 1 << (bit & 7);
  }
  assert.equal(seen.size, bytes.length * 8 + 1, 'no two of the flips, nor any flip and the original, hash alike');
});

test('lengths count: trailing zero bytes, and every length of a short input, hash differently', () => {
  const hashes = new Set();
  for (let length = 0; length <= 40; length++) hashes.add(hashBytes(new Uint8Array(length)));
  assert.equal(hashes.size, 41);
});

test("texts: each string's bounds count, and no collision among 200,000 near-alike keys", () => {
  assert.notEqual(hashTexts(['ab', 'c']), hashTexts(['a', 'bc']));
  assert.notEqual(hashTexts(['abc']), hashTexts(['abc', '']));
  assert.notEqual(hashTexts(['é']), hashTexts(['e']));
  assert.equal(hashTexts(['tsprof', 'src/a.js', 'function f() {}\n']), hashTexts(['tsprof', 'src/a.js', 'function f() {}\n']));
  const seen = new Set();
  for (let index = 0; index < 200_000; index++) seen.add(hashTexts(['tsprof 1', `/app/src/file${index % 1000}.js`, `module.exports = ${index};\n`]));
  assert.equal(seen.size, 200_000);
});

test('garbage over a stretch (a damaged sector) at 2,000 places: no two alike, none like the original', () => {
  const bytes = new Uint8Array(65536).map((_, index) => (index * 167 + 13) & 255);
  const seen = new Set([hashBytes(bytes)]);
  for (let place = 0; place < 2000; place++) {
    const damaged = Uint8Array.from(bytes);
    damaged.set(randomBytes(512), (place * 31) % (bytes.length - 512));
    seen.add(hashBytes(damaged));
  }
  assert.equal(seen.size, 2001);
});

test("texts are read as UTF-16 with what was captured when tsprof loaded: a program's Buffer.prototype.ucs2Write changes nothing", () => {
  const texts = ['tsprof 1', '/app/src/a.js', 'function f() { return "\ud800é" }\n', ''];
  const before = hashTexts(texts);
  assert.equal(before, hashTexts(texts.map((text) => `${text}`)));
  const original = Buffer.prototype.ucs2Write;
  Buffer.prototype.ucs2Write = () => {
    throw new Error('patched ucs2Write');
  };
  try {
    assert.equal(hashTexts(texts), before);
  } finally {
    Buffer.prototype.ucs2Write = original;
  }
});

/** The fold as the module's comment states it, in plain JavaScript: the definition both of its loops must meet. */
function referenceHash(bytes) {
  const finalize = (h) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  };
  const C1 = 0xcc9e2d51 | 0;
  const C2 = 0x1b873593 | 0;
  const word = (at) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
  let a = 0x243f6a88 | 0;
  let b = 0x85a308d3 | 0;
  const step = (x, y) => {
    a = Math.imul(a ^ x, C1);
    b = Math.imul(b ^ y, C2);
    a ^= b >>> 15;
    b ^= a >>> 13;
  };
  const count = bytes.length >>> 2;
  let index = 0;
  for (; index + 2 <= count; index += 2) step(word(index * 4), word(index * 4 + 4));
  let last = 0;
  for (let byte = count * 4; byte < bytes.length; byte++) last |= bytes[byte] << ((byte & 3) * 8);
  step(index < count ? word(index * 4) : 0, last);
  a ^= bytes.length;
  const hex = (value) => (value >>> 0).toString(16).padStart(8, '0');
  const first = finalize(a ^ Math.imul(b, C1));
  return hex(first) + hex(finalize(b ^ Math.imul(first, C2)));
}

test('large inputs (folded in WebAssembly) and small ones (in JavaScript) hash as the fold is defined, at every length mod 8 and alignment', () => {
  assert.equal(foldsInWebAssembly(), true);
  for (const size of [0, 5, 1000, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 13, 70_000, 470_001]) {
    for (const offset of [0, 1, 2, 3]) {
      const bytes = randomBytes(size + offset).subarray(offset);
      assert.equal(hashBytes(bytes), referenceHash(bytes), `${size} bytes at offset ${offset}`);
    }
  }
  // The module's memory grows for a larger input and is reused for a smaller one after it.
  const small = randomBytes(20_000);
  assert.equal(hashBytes(small), referenceHash(small));
});

test('without WebAssembly (node --jitless) the hashes are the same', () => {
  const inputs = [randomBytes(100), randomBytes(20_000), randomBytes(200_003)];
  const script = `const { foldsInWebAssembly, hashBytes, hashTexts } = require(${JSON.stringify(fileURLToPath(new URL('../../dist/loader/hash.js', import.meta.url)))});
process.stdout.write(String(foldsInWebAssembly()) + '\\n');
for (const hex of require('node:fs').readFileSync(0, 'utf8').split(' ')) process.stdout.write(hashBytes(Buffer.from(hex, 'hex')) + '\\n');
process.stdout.write(hashTexts(['a', 'x'.repeat(30000)]) + '\\n');`;
  const run = spawnSync(process.execPath, ['--jitless', '-e', script], { input: inputs.map((bytes) => bytes.toString('hex')).join(' '), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), ['false', ...inputs.map((bytes) => hashBytes(bytes)), hashTexts(['a', 'x'.repeat(30000)])]);
});
