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
 * with them), and its first hash about 1 ms more; this needs nothing loaded:
 * about 3 ms a process saved on Node 22, 1.5 ms on Node 20. A library was
 * looked for: crc-32 (pure JavaScript, what Node's own compile cache checks
 * with natively) took 5-7 ms with its tables, xxhash-wasm instantiates
 * asynchronously only, and its WebAssembly compiled and fed synchronously took
 * 3-4 ms. The loop over a large input runs in a WebAssembly module of 147
 * bytes (FOLD_MODULE), which compiles in a fraction of a millisecond, where
 * the JavaScript loop would still be in V8's interpreter.
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

/**
 * The fold's loop over whole pairs of words, in WebAssembly: the same steps on
 * the same 32-bit integers (i32.mul is Math.imul; its loads are little-endian,
 * as Int32Array's are on a little-endian platform, the only kind it is used
 * on: LITTLE_ENDIAN), so the hash is the same either way (test/loader/hash.test.mjs checks it against the steps written
 * out in JavaScript). The hash mostly runs once per process, on a code cache
 * file of 70-470 KB, before V8 has optimised anything: there the JavaScript
 * loop ran in the interpreter, 1.2-1.8 ms for the preload's 150 KB and 2.7-3.9
 * ms for the CLI's 465 KB; compiling this module and running it takes 0.5-1 ms
 * for either. In the text format:
 *
 *   (func (export "fold") (param $at i32) (param $pairs i32) (param $a i32) (param $b i32)
 *     (block (loop
 *       (br_if 1 (i32.eqz (local.get $pairs)))
 *       (local.set $a (i32.mul (i32.xor (local.get $a) (i32.load offset=0 (local.get $at))) (i32.const 0xcc9e2d51)))
 *       (local.set $b (i32.mul (i32.xor (local.get $b) (i32.load offset=4 (local.get $at))) (i32.const 0x1b873593)))
 *       (local.set $a (i32.xor (local.get $a) (i32.shr_u (local.get $b) (i32.const 15))))
 *       (local.set $b (i32.xor (local.get $b) (i32.shr_u (local.get $a) (i32.const 13))))
 *       (local.set $at (i32.add (local.get $at) (i32.const 8)))
 *       (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
 *       (br 0)))
 *     (i32.store offset=0 (i32.const 0) (local.get $a))
 *     (i32.store offset=4 (i32.const 0) (local.get $b)))
 *   (memory (export "memory") 1)
 */
// prettier-ignore
const FOLD_MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x00, // types: (i32 i32 i32 i32) -> ()
  0x03, 0x02, 0x01, 0x00, // functions: one, of that type
  0x05, 0x03, 0x01, 0x00, 0x01, // memories: one, at least 1 page
  0x07, 0x11, 0x02, 0x04, 0x66, 0x6f, 0x6c, 0x64, 0x00, 0x00, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // exports: "fold", "memory"
  0x0a, 0x63, 0x01, 0x61, 0x00, // code: one body of 97 bytes, no locals
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x01, 0x45, 0x0d, 0x01, // br_if 1 (pairs == 0)
  0x20, 0x02, 0x20, 0x00, 0x28, 0x02, 0x00, 0x73, 0x41, 0xd1, 0xda, 0xf8, 0xe4, 0x7c, 0x6c, 0x21, 0x02, // a = (a ^ load(at)) * C1
  0x20, 0x03, 0x20, 0x00, 0x28, 0x02, 0x04, 0x73, 0x41, 0x93, 0xeb, 0x9c, 0xdc, 0x01, 0x6c, 0x21, 0x03, // b = (b ^ load(at + 4)) * C2
  0x20, 0x02, 0x20, 0x03, 0x41, 0x0f, 0x76, 0x73, 0x21, 0x02, // a ^= b >>> 15
  0x20, 0x03, 0x20, 0x02, 0x41, 0x0d, 0x76, 0x73, 0x21, 0x03, // b ^= a >>> 13
  0x20, 0x00, 0x41, 0x08, 0x6a, 0x21, 0x00, // at += 8
  0x20, 0x01, 0x41, 0x01, 0x6b, 0x21, 0x01, // pairs -= 1
  0x0c, 0x00, 0x0b, 0x0b, // br 0, end loop, end block
  0x41, 0x00, 0x20, 0x02, 0x36, 0x02, 0x00, 0x41, 0x00, 0x20, 0x03, 0x36, 0x02, 0x04, // store a, b at 0 and 4
  0x0b, // end
];
/** Where the input goes in the module's memory: after the two lanes it leaves at 0. */
const FOLD_INPUT = 8;
/** The input goes through the module's memory this many bytes at a time, so that its memory stays this small. */
const FOLD_CHUNK = 256 * 1024;
/** Pages of 64 KB the module's memory grows to once, for the lanes and one chunk. */
const FOLD_PAGES = Math.ceil((FOLD_INPUT + FOLD_CHUNK) / 65536);
/** Below this many bytes the JavaScript loop is as quick as setting the module up (the transform cache's keys, mostly). */
const FOLD_IN_WASM_FROM = 16 * 1024;
/** WebAssembly reads words little-endian, Int32Array in the platform's order: they agree only on a little-endian one (not s390x). */
const LITTLE_ENDIAN = new Uint8ArrayCtor(new Uint16Array([1]).buffer)[0] === 1;

/** What of WebAssembly this uses (tsprof's TypeScript has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: { prototype: { grow?: (pages: number) => number } };
}
// Captured when tsprof loads, like everything else here; absent under --jitless.
const webAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
const WasmModule = webAssembly?.Module;
const WasmInstance = webAssembly?.Instance;
const memoryBuffer = webAssembly ? Object.getOwnPropertyDescriptor(webAssembly.Memory.prototype, 'buffer')?.get : undefined;
const memoryGrow = webAssembly?.Memory.prototype.grow as ((pages: number) => number) | undefined;
const typedArraySet = Uint8Array.prototype.set;

interface WasmFold {
  fold: (at: number, pairs: number, a: number, b: number) => void;
  memory: object;
}
/** The module's instance; null when this Node has no WebAssembly (`--jitless`) or cannot make one; undefined until asked. */
let wasmFold: WasmFold | null | undefined;

function foldModule(): WasmFold | null {
  if (wasmFold !== undefined) return wasmFold;
  wasmFold = null;
  try {
    if (LITTLE_ENDIAN && WasmModule && WasmInstance && memoryBuffer && memoryGrow) {
      const module = new WasmInstance(new WasmModule(new Uint8ArrayCtor(FOLD_MODULE)), {}).exports as unknown as WasmFold;
      apply(memoryGrow, module.memory, [FOLD_PAGES - 1]);
      wasmFold = module;
    }
  } catch {
    // Then the JavaScript loop folds everything.
  }
  return wasmFold;
}

/** Whether large inputs are folded in WebAssembly here (for the tests: the hash is the same either way). */
export function foldsInWebAssembly(): boolean {
  return foldModule() !== null;
}

/** Folds the first `pairs` pairs of words of `bytes` into the lanes in WebAssembly, a chunk at a time; false when it cannot. */
function foldPairsInWasm(bytes: Uint8Array, pairs: number): boolean {
  const module = foldModule();
  if (module === null) return false;
  const buffer = apply(memoryBuffer as () => ArrayBuffer, module.memory, []);
  const memory = new Uint8ArrayCtor(buffer);
  const result = new Int32ArrayCtor(buffer, 0, 2);
  let a = lanes[0];
  let b = lanes[1];
  try {
    for (let done = 0; done < pairs; ) {
      const chunk = pairs - done < FOLD_CHUNK / 8 ? pairs - done : FOLD_CHUNK / 8;
      apply(typedArraySet, memory, [new Uint8ArrayCtor(bytes.buffer, bytes.byteOffset + done * 8, chunk * 8), FOLD_INPUT]);
      module.fold(FOLD_INPUT, chunk, a, b);
      a = result[0];
      b = result[1];
      done += chunk;
    }
  } catch {
    return false;
  }
  lanes[0] = a;
  lanes[1] = b;
  return true;
}

/** The loop in JavaScript: reads the bytes as 32-bit words where they are aligned (else from a copy). */
function foldPairs(bytes: Uint8Array, pairs: number): void {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8ArrayCtor(bytes);
  const words = new Int32ArrayCtor(aligned.buffer, aligned.byteOffset, pairs * 2);
  let a = lanes[0];
  let b = lanes[1];
  // Each step is a bijection of the 64-bit state for given words, and what one
  // word changes reaches both lanes by the next step.
  for (let index = 0; index < words.length; index += 2) {
    a = imul(a ^ words[index], C1);
    b = imul(b ^ words[index + 1], C2);
    a ^= b >>> 15;
    b ^= a >>> 13;
  }
  lanes[0] = a;
  lanes[1] = b;
}

/** Folds in bytes, then their length: whole pairs of 32-bit words, then the word and the bytes left. */
function fold(bytes: Uint8Array): void {
  const length = bytes.length;
  const count = length >>> 2;
  const pairs = count >>> 1;
  if (!(length >= FOLD_IN_WASM_FROM && foldPairsInWasm(bytes, pairs))) foldPairs(bytes, pairs);
  let a = lanes[0];
  let b = lanes[1];
  const at = pairs * 8;
  const tail = count > pairs * 2 ? bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24) : 0;
  let last = 0;
  for (let byte = count * 4; byte < length; byte++) last |= bytes[byte] << ((byte & 3) * 8);
  a = imul(a ^ tail, C1);
  b = imul(b ^ last, C2);
  a ^= b >>> 15;
  b ^= a >>> 13;
  lanes[0] = a ^ length;
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
