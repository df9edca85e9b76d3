/**
 * The one hash of tsprof's caches: the transform cache's keys (cache.ts), the
 * code cache's file names and the check of its contents (private-module.ts).
 * 64 bits, written as 16 hex digits; not cryptographic — nothing here defends
 * against someone who can write to the cache directory, who could as well
 * write code there.
 *
 * Why not node:crypto's SHA-256, which this replaced: loading node:crypto
 * took 3-4 ms of every profiled process's start on Node 20 and 22 beyond
 * Node's streams (which it loads first, and most programs load anyway: 6-9 ms
 * with them), and its first hash about 1 ms more; this runs in V8's
 * interpreter at that point (about 1 ms for the preload's 150 KB code cache on
 * Node 22, 2 ms on Node 20) and needs nothing loaded: about 3 ms a process
 * saved on Node 22, 1.5 ms on Node 20. A library was looked for: crc-32
 * (pure JavaScript, what Node's own compile cache checks with natively) took
 * 5-7 ms with its tables, xxhash-wasm instantiates asynchronously only, and
 * its WebAssembly compiled and fed synchronously took 3-4 ms.
 *
 * Two lanes of 32 bits take a word each per step: `a = imul(a ^ word, odd)`,
 * the same for b, then each lane is xored with the other shifted. For given
 * words a step is a bijection of the 64-bit state, and for a given state one
 * of the words, so two inputs of one length that differ in a single word
 * always hash differently; what a word changes reaches both lanes by the next
 * step. The length and MurmurHash3's finalizer end it.
 */

// Captured when tsprof loads, before any program code: what the program patches later never runs here.
const imul = Math.imul;
const Int32ArrayCtor = Int32Array;
const Uint8ArrayCtor = Uint8Array;
const apply = Reflect.apply;
const bufferFrom = Buffer.from;
const BufferClass = Buffer;
// Buffer.from(text, 'utf16le') looks `ucs2Write` up on the new buffer, where a
// program can have replaced it by the time a module loads: the text is written
// with the function captured here instead, into a buffer of its own (aligned).
const allocUnsafeSlow = Buffer.allocUnsafeSlow;
const ucs2Write = (Buffer.prototype as unknown as { ucs2Write?: (text: string, offset: number, length: number) => number }).ucs2Write;
const HEX_DIGITS = '0123456789abcdef';

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;
const SEED_A = 0x243f6a88 | 0;
const SEED_B = 0x85a308d3 | 0;

/** MurmurHash3's 32-bit finalizer: a bijection that spreads every bit over all of them. */
function finalize(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hexOf(word: number): string {
  let text = '';
  for (let shift = 28; shift >= 0; shift -= 4) text += HEX_DIGITS[(word >>> shift) & 15];
  return text;
}

/** The two lanes, carried from one piece of input to the next. */
const lanes = new Int32ArrayCtor(2);

function start(): void {
  lanes[0] = SEED_A;
  lanes[1] = SEED_B;
}

/** Folds in bytes, then their length. Reads them as 32-bit words where they are aligned (else from a copy). */
function fold(bytes: Uint8Array): void {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8ArrayCtor(bytes);
  const words = new Int32ArrayCtor(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  const count = words.length;
  let a = lanes[0];
  let b = lanes[1];
  let index = 0;
  // Each step is a bijection of the 64-bit state for given words, and what one
  // word changes reaches both lanes by the next step.
  for (; index + 2 <= count; index += 2) {
    a = imul(a ^ words[index], C1);
    b = imul(b ^ words[index + 1], C2);
    a ^= b >>> 15;
    b ^= a >>> 13;
  }
  const tail = index < count ? words[index] : 0;
  let last = 0;
  for (let byte = count * 4; byte < aligned.length; byte++) last |= aligned[byte] << ((byte & 3) * 8);
  a = imul(a ^ tail, C1);
  b = imul(b ^ last, C2);
  a ^= b >>> 15;
  b ^= a >>> 13;
  lanes[0] = a ^ aligned.length;
  lanes[1] = b;
}

function digest(): string {
  const first = finalize(lanes[0] ^ imul(lanes[1], C1));
  return hexOf(first) + hexOf(finalize(lanes[1] ^ imul(first, C2)));
}

/** The hash of bytes. */
export function hashBytes(bytes: Uint8Array): string {
  start();
  fold(bytes);
  return digest();
}

/** A text's UTF-16 code units, little-endian, as Buffer.from(text, 'utf16le') gives them (lone surrogates too). */
function utf16Bytes(text: string): Uint8Array {
  if (typeof ucs2Write !== 'function') return apply(bufferFrom, BufferClass, [text, 'utf16le']) as Uint8Array;
  const length = text.length * 2;
  const bytes = allocUnsafeSlow(length);
  apply(ucs2Write, bytes, [text, 0, length]);
  return bytes;
}

/** The hash of strings in order, each with its length (so `['ab', 'c']` and `['a', 'bc']` differ), over their UTF-16 code units. */
export function hashTexts(texts: readonly string[]): string {
  start();
  for (let index = 0; index < texts.length; index++) fold(utf16Bytes(texts[index]));
  return digest();
}
