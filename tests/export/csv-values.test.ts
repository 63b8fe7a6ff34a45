/** Exact decimal amounts and ISO 8601 dates with offset, as the export writes them (main/export/csv-values.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decimalAmount, isoWithOffset } from '../../main/export/csv-values.ts';

test('amounts are exact decimals at their exponent: 0, 2, 3 and extra decimals', () => {
  const table: Array<[number, number, string]> = [
    [1200, 0, '1200'],
    [-1200, 0, '-1200'],
    [0, 0, '0'],
    [1250, 2, '12.50'],
    [-1250, 2, '-12.50'],
    [-5, 2, '-0.05'],
    [0, 2, '0.00'],
    [7, 2, '0.07'],
    [10125, 3, '10.125'],
    [-1, 3, '-0.001'],
    [1_000, 3, '1.000'],
    [123456789, 9, '0.123456789'],
    [Number.MAX_SAFE_INTEGER, 2, '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, 9, '-9007199.254740991'],
  ];
  for (const [minor, exp, want] of table) assert.equal(decimalAmount(minor, exp), want, `${minor} @ ${exp}`);
  assert.throws(() => decimalAmount(0.5, 2), RangeError);
  assert.throws(() => decimalAmount(2 ** 53, 2), RangeError);
  assert.throws(() => decimalAmount(1, 10), RangeError);
});

test('every digit of the integer survives: digits without the point are the integer, decimals = exponent', () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 9 }), (minor, exp) => {
      const s = decimalAmount(minor, exp);
      assert.match(s, exp === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exp}}$`));
      assert.equal(BigInt(s.replace('.', '')), BigInt(minor));
    }),
  );
});

test('dates: ISO 8601 with the offset, the same instant whatever the offset', () => {
  const at = Date.UTC(2025, 0, 31, 23, 59, 59, 7);
  assert.equal(isoWithOffset(at, 0), '2025-01-31T23:59:59.007+00:00');
  assert.equal(isoWithOffset(at, -300), '2025-01-31T18:59:59.007-05:00');
  assert.equal(isoWithOffset(at, 330), '2025-02-01T05:29:59.007+05:30');
  assert.equal(isoWithOffset(at, -570), '2025-01-31T14:29:59.007-09:30');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Date.UTC(9000, 0, 1) }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, off) => {
      const s = isoWithOffset(ms, off);
      assert.match(s, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
      assert.equal(Date.parse(s), ms);
    }),
  );
});
