import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { crc32, encodePng, PNG_SIGNATURE } from './pngEncoder';

/** Reads a PNG back chunk by chunk, checking every CRC, and returns the size and the unfiltered pixels. */
function decode(png: Buffer): { width: number; height: number; pixels: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [...PNG_SIGNATURE]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    assert.equal(
      png.readUInt32BE(offset + 8 + length),
      crc32(png.subarray(offset + 4, offset + 8 + length)),
      `CRC of ${type}`,
    );
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.deepEqual([...body.subarray(8)], [8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  assert.equal(offset, png.length);
  const raw = inflateSync(Buffer.concat(idat));
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0);
    rows.push(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)));
  }
  return { width, height, pixels: Buffer.concat(rows) };
}

test('CRC-32 matches the check value of the standard', () => {
  assert.equal(crc32(Buffer.from('123456789', 'ascii')), 0xcbf43926);
});

test('any image round-trips through the PNG bytes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (width, height, seed) => {
      const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => (seed * 31 + i * 97) & 0xff);
      const back = decode(encodePng({ width, height, data }));
      assert.equal(back.width, width);
      assert.equal(back.height, height);
      assert.deepEqual([...back.pixels], [...data]);
    }),
  );
});

test('a pixel buffer of the wrong length is refused with both sizes', () => {
  assert.throws(() => encodePng({ width: 2, height: 2, data: new Uint8Array(15) }), /15 bytes .* 2x2 .*expected 16/);
  assert.throws(() => encodePng({ width: 0, height: 2, data: new Uint8Array(0) }), /0x2/);
});
