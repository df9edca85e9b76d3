import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const encoder = fileURLToPath(new URL('../../dist/render/png-encode.js', import.meta.url));

// sceneToPng now yields to the event loop between bands: a deflate error that arrives then must
// still be finish()'s rejection, not an unhandled rejection that ends the process.
test('a deflate error between bands rejects finish(), it does not end the process', () => {
  const script = `const zlib = require('node:zlib');
    const createDeflate = zlib.createDeflate;
    Object.defineProperty(zlib, 'createDeflate', { value: (options) => {
      const deflate = createDeflate(options);
      let chunks = 0;
      const transform = deflate._transform;
      deflate._transform = function (chunk, encoding, callback) {
        if (++chunks === 2) return callback(new Error('deflate failed'));
        return transform.call(this, chunk, encoding, callback);
      };
      return deflate;
    } });
    const { PngBandWriter } = require(${JSON.stringify(encoder)});
    (async () => {
      const width = 64, rows = 8, bands = 4;
      const writer = new PngBandWriter(width, rows * bands);
      for (let band = 0; band < bands; band++) {
        writer.addRows(new Uint8Array(width * 4 * rows).fill(band * 50), rows);
        await new Promise((resolve) => setImmediate(resolve)); // as sceneToPng does
      }
      await writer.finish();
      console.log('resolved');
    })().catch((error) => console.log('rejected: ' + error.message));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'rejected: deflate failed');
});
