// The caches' hash (src/loader/hash.ts): what it promises, checked on many inputs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { hashBytes, hashTexts } from '../../dist/loader/hash.js';

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
