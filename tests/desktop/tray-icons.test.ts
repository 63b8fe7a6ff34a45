/**
 * The tray images (main/desktop/tray-icons.ts, png.ts): valid PNG files per the PNG spec (signature,
 * IHDR, CRC-32 of every chunk, zlib IDAT that inflates to the pixels), one shape per state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { crc32 } from '../../main/desktop/png.ts';
import { trayIconPixels, trayIconPngs } from '../../main/desktop/tray-icons.ts';

function readPng(buf: Buffer) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    const type = buf.subarray(at + 4, at + 8).toString('latin1');
    const data = buf.subarray(at + 8, at + 8 + len);
    assert.equal(buf.readUInt32BE(at + 8 + len), crc32(buf.subarray(at + 4, at + 8 + len)), `${type} CRC`);
    chunks.push({ type, data });
    at += 12 + len;
  }
  assert.deepEqual(
    chunks.map((c) => c.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [8, 6, 0, 0, 0], '8-bit RGBA, no interlace');
  const raw = inflateSync(chunks[1]!.data);
  assert.equal(raw.length, (width * 4 + 1) * height);
  const px = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, 'filter None');
    raw.copy(px, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, px };
}

test('crc32 matches the check value of the CRC-32 used by PNG', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});

test('every tray icon is a valid 16 px and 32 px PNG holding exactly the painted pixels', () => {
  for (const kind of ['ok', 'attention', 'syncing'] as const) {
    for (const template of [false, true]) {
      const pngs = trayIconPngs(kind, template);
      const one = readPng(pngs.png1x);
      const two = readPng(pngs.png2x);
      assert.deepEqual([one.width, one.height, two.width, two.height], [16, 16, 32, 32]);
      assert.deepEqual(one.px, Buffer.from(trayIconPixels(kind, 16, template)));
      assert.deepEqual(two.px, Buffer.from(trayIconPixels(kind, 32, template)));
    }
  }
});

test('the three states differ in shape (alpha), not only in colour; template images are black', () => {
  const alpha = (kind: 'ok' | 'attention' | 'syncing') => Buffer.from(trayIconPixels(kind, 32, true).filter((_, i) => i % 4 === 3)).toString('hex');
  assert.equal(new Set([alpha('ok'), alpha('attention'), alpha('syncing')]).size, 3);
  const centre = (kind: 'ok' | 'attention' | 'syncing') => trayIconPixels(kind, 32)[(16 * 32 + 16) * 4 + 3];
  assert.equal(centre('ok'), 255, 'a full disc');
  assert.equal(centre('syncing'), 0, 'a ring');
  const t = trayIconPixels('attention', 16, true);
  for (let i = 0; i < t.length; i += 4) assert.deepEqual([t[i], t[i + 1], t[i + 2]], [0, 0, 0]);
});
