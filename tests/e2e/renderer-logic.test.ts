/** Pure renderer logic in plain Node: error explanations, form checks, money and day ranges. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../../shared/error-codes.ts';
import { validateField, checkUrl } from '../../renderer/src/connect/validate.ts';
import { EXPLANATIONS, explain } from '../../renderer/src/errors/explain.ts';
import { formatMoney } from '../../renderer/src/format/intl.ts';
import { customRange, dayKeysBetween, lastDays } from '../../renderer/src/orders/range.ts';

test('every error code in shared/error-codes.ts has plain words and a next step', () => {
  for (const code of Object.values(ErrorCode)) {
    const e = EXPLANATIONS[code];
    assert.ok(e && e.title.length > 10 && e.next.length > 10, code);
  }
  assert.equal(explain({ code: 'no_such_code' as never, message: '' }), EXPLANATIONS.internal);
});

test('url fields: https, or plain http only for 127.0.0.1', () => {
  assert.equal(checkUrl('https://shop.example'), null);
  assert.equal(checkUrl('http://127.0.0.1:8080/x'), null);
  assert.match(checkUrl('http://localhost:8080') ?? '', /https/);
  assert.match(checkUrl('http://shop.example') ?? '', /https/);
  assert.match(checkUrl('ftp://shop.example') ?? '', /https/);
  assert.match(checkUrl('shop.example') ?? '', /https/);
});

test('shop domain, pattern and required checks', () => {
  const shop = { name: 'shop', label: 'Shop', kind: 'shop-domain' as const, required: true };
  assert.equal(validateField(shop, 'my-shop.myshopify.com'), null);
  assert.notEqual(validateField(shop, 'my-shop.myshopify.com.evil.test'), null);
  assert.notEqual(validateField(shop, '-x.myshopify.com'), null);
  assert.match(validateField(shop, '  ') ?? '', /required/);
  const key = { name: 'k', label: 'Key', kind: 'secret' as const, required: false, pattern: 'ck_[0-9a-f]{4}' };
  assert.equal(validateField(key, ''), null);
  assert.equal(validateField(key, 'ck_00ff'), null);
  assert.notEqual(validateField(key, 'xck_00ff'), null, 'patterns are anchored like HTML pattern=');
});

test('money is minor units / 10^exponent, formatted by Intl', () => {
  const usd = formatMoney(123456, 'USD', 2);
  assert.match(usd, /1.?234.56/);
  assert.match(formatMoney(1200, 'JPY', 0), /1.?200/);
  assert.doesNotMatch(formatMoney(1200, 'JPY', 0), /\.00/);
  assert.match(formatMoney(1234, 'KWD', 3), /1\.234/);
  // Shopify's CurrencyCode USDC is no ISO code: Intl rejects it, so it is a number and its code
  assert.match(formatMoney(1050, 'USDC', 2), /^10\.50 USDC$/);
});

test('day ranges: N local days including today; custom ranges reject reversed dates', () => {
  const now = new Date(2026, 2, 15, 13, 0).getTime();
  const r = lastDays(7, now);
  assert.equal(new Date(r.fromMs).getDate(), 9);
  assert.equal(new Date(r.toMs).getDate(), 15);
  assert.equal(new Date(r.toMs + 1).getDate(), 16);
  assert.equal(customRange('2026-03-10', '2026-03-01'), null);
  assert.ok(customRange('2026-03-01', '2026-03-01'));
  assert.deepEqual(dayKeysBetween('2026-02-27', '2026-03-02'), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
});
