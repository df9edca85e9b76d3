import * as zlib from 'node:zlib';

/**
 * A PNG of 8-bit RGBA pixels: one IDAT, no row filters, fast deflate. For
 * call graphs (large flat areas) this is twice as fast as Skia's own encoder
 * and its files are smaller; pngjs, the usual library, was slower still and
 * wrote files four times the size. The format is small enough to write here:
 * signature, IHDR, IDAT, IEND, each chunk with its CRC-32.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOUR_TYPE_RGBA = 6;
const FILTER_NONE = 0;
/** zlib level 3: nearly level 6's size on such pictures at less than half its time. */
const DEFLATE_LEVEL = 3;

const CRC_TABLE = new Int32Array(256).map((_, index) => {
  let crc = index;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc;
});

/** zlib's own CRC-32 where Node has it (20.15, 22.2 and later): on a picture's megabyte it is some ten times faster. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `bytes`, continuing from `crc` (the CRC of what came before them, 0 for none). */
function crc32(bytes: Uint8Array, crc = 0): number {
  if (nativeCrc32) return nativeCrc32(bytes, crc) >>> 0;
  crc = ~crc;
  for (let index = 0; index < bytes.length; index++) crc = CRC_TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** A chunk as its parts, so that a large one's data is copied once, into the file. */
function chunk(type: string, data: Uint8Array): Uint8Array[] {
  const lengthAndType = Buffer.alloc(8);
  lengthAndType.writeUInt32BE(data.length, 0);
  lengthAndType.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(lengthAndType.subarray(4))), 0);
  return [lengthAndType, data, crc];
}

/**
 * `height` rows of `width` RGBA pixels, read from `rgba`, where a row starts
 * every `stride` bytes (`width * 4` when they are packed), each after its
 * filter byte, as deflate reads them.
 *
 * With room for that byte (a stride of at least `width * 4 + 1`: a canvas one
 * pixel wider than the picture) the rows are moved together with their
 * filter bytes within `rgba` itself, which this then overwrites; otherwise
 * they are copied into a new buffer. The move saves a second buffer as large
 * as the pixels: its memory is fresh, and touching fresh memory costs more
 * than the copy (on a 2,200 x 2,800 picture, 25 MB: ≈ 25 ms of a ≈ 130 ms
 * raster and encode).
 */
function filteredRows(width: number, height: number, rgba: Uint8Array, stride: number): Uint8Array {
  const rowBytes = width * 4;
  const filteredBytes = (rowBytes + 1) * height;
  // Packed rows are read; rows with room after them are also written in place, which needs the filtered length.
  const needed = stride === rowBytes ? rowBytes * height : Math.max(stride * (height - 1) + rowBytes, filteredBytes);
  if (!Number.isInteger(stride) || stride < rowBytes || rgba.length < needed) {
    throw new RangeError(`expected ${height} rows of ${rowBytes} bytes of RGBA, ${stride} bytes apart, for ${width}x${height}: at least ${needed} bytes, got ${rgba.length}`);
  }
  if (stride > rowBytes) {
    // Row r moves from r * stride to r * (rowBytes + 1) + 1 (row 0 one byte later, the others earlier):
    // it never reaches past the start of a row not yet moved, and its filter byte, written after it
    // moved, lands on bytes already read (row r - 1's, its padding, or row r's own first).
    for (let row = 0; row < height; row++) {
      rgba.copyWithin(row * (rowBytes + 1) + 1, row * stride, row * stride + rowBytes);
      rgba[row * (rowBytes + 1)] = FILTER_NONE;
    }
    return rgba.subarray(0, filteredBytes);
  }
  const rows = Buffer.alloc(filteredBytes);
  for (let row = 0; row < height; row++) {
    rows[row * (rowBytes + 1)] = FILTER_NONE;
    rows.set(rgba.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  return rows;
}

/** The file: signature, IHDR, the deflated rows as one IDAT, IEND. */
function pngFile(width: number, height: number, deflated: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = COLOUR_TYPE_RGBA;
  return Buffer.concat([SIGNATURE, ...chunk('IHDR', header), ...chunk('IDAT', deflated), ...chunk('IEND', Buffer.alloc(0))]);
}

/** A PNG of `height` rows of `width` RGBA pixels, read from `rgba` as `filteredRows` reads them (and may overwrite them). */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array, stride = width * 4): Buffer {
  return pngFile(width, height, zlib.deflateSync(filteredRows(width, height, rgba, stride), { level: DEFLATE_LEVEL }));
}

/**
 * A PNG given a band of rows at a time, top to bottom: each band is deflated
 * in zlib's thread while the next one is drawn, and the picture's pixels
 * never need to be in memory at once (see scene-raster.ts).
 */
export class PngBandWriter {
  /**
   * Room for a whole band's deflated rows (a band of a call graph deflates to
   * some 40 KB): with zlib's default 16 KB, each band went back and forth
   * between zlib's thread and this one, which was busy drawing the next band.
   */
  private readonly deflate = zlib.createDeflate({ level: DEFLATE_LEVEL, chunkSize: 256 * 1024 });
  private readonly deflated: Buffer[] = [];
  private readonly done: Promise<void>;
  private rowsGiven = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.deflate.on('data', (data: Buffer) => this.deflated.push(data));
    this.done = new Promise((resolve, reject) => {
      this.deflate.on('end', resolve);
      this.deflate.on('error', reject);
    });
    // Bands come over several turns of the event loop (scene-raster.ts): an error before finish() is its rejection, not an unhandled one.
    this.done.catch(() => undefined);
  }

  /** The next `rows` rows, as `encodeRgbaPng` reads them; the writer keeps `rgba` (and may overwrite it) until `finish` resolves. */
  addRows(rgba: Uint8Array, rows: number, stride = this.width * 4): void {
    if (this.rowsGiven + rows > this.height) throw new RangeError(`${this.rowsGiven + rows} rows given for a picture of ${this.height}`);
    this.deflate.write(filteredRows(this.width, rows, rgba, stride));
    this.rowsGiven += rows;
  }

  async finish(): Promise<Buffer> {
    if (this.rowsGiven !== this.height) throw new RangeError(`${this.rowsGiven} rows given for a picture of ${this.height}`);
    this.deflate.end();
    await this.done;
    return pngFile(this.width, this.height, Buffer.concat(this.deflated));
  }
}
