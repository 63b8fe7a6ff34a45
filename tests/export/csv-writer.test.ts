/**
 * The CSV writer (main/export/csv-writer.ts) against an independent RFC 4180 parser (csv-parse):
 * whatever text goes in comes back out, except the documented formula guard; number cells are never
 * guarded; BOM, CRLF and backpressure.
 */
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { CRLF, FORMULA_TRIGGERS, encodeCell, guardFormula, number, text, writeCsv, type CsvCell, type CsvColumn } from '../../main/export/csv-writer.ts';

async function toText(columns: CsvColumn<CsvCell[]>[], rows: CsvCell[][]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCsv(out, columns, rows);
  return Buffer.concat(chunks).toString('utf8');
}

const OWASP_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

const cols = (n: number): CsvColumn<CsvCell[]>[] => Array.from({ length: n }, (_, i) => ({ header: `col ${i}`, cell: (r: CsvCell[]) => r[i] ?? null }));

/** Text that stresses the format: quotes, commas, CR/LF, formula triggers, a stray `'`, unicode. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', '=', '+', '-', '@', '\t', "'", ' ', 'a', 'é', '中', '😀', '\u00a0', '\u2028'), maxLength: 12 }),
);

test('RFC 4180: arbitrary text written and parsed back by csv-parse is equal, modulo the formula guard', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.array(nasty, { minLength: n, maxLength: n }), { maxLength: 20 }))),
      async ([n, values]) => {
        const csv = await toText(
          cols(n),
          values.map((r) => r.map((v) => text(v))),
        );
        const records = parse(csv, { bom: true, relax_quotes: false }) as string[][];
        assert.deepEqual(
          records[0],
          Array.from({ length: n }, (_, i) => `col ${i}`),
        );
        assert.deepEqual(
          records.slice(1),
          values.map((r) => r.map(guardFormula)),
        );
        // what a spreadsheet reads never starts a formula (OWASP's list, restated here on purpose)
        for (const r of records.slice(1)) for (const cell of r) assert.ok(!OWASP_TRIGGERS.includes(cell[0] ?? ''), JSON.stringify(cell));
      },
    ),
    { numRuns: 400 },
  );
});

test('OWASP CSV injection: text cells starting with = + - @ tab CR get a leading quote; nothing else does', () => {
  const table: Array<[string, string]> = [
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-12.50', "'-12.50"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("https://evil.example","x")', `"'=HYPERLINK(""https://evil.example"",""x"")"`],
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ["'=1", "'=1"],
    ['', ''],
    ['#1001', '#1001'],
    ['Café, "Le Chat"', '"Café, ""Le Chat"""'],
    ['two\nlines', '"two\nlines"'],
  ];
  for (const [input, written] of table) assert.equal(encodeCell(text(input)), written, JSON.stringify(input));
  assert.deepEqual([...FORMULA_TRIGGERS].sort(), [...OWASP_TRIGGERS].sort());
});

test('number cells are written bare, never guarded, and only ever numbers', () => {
  assert.equal(encodeCell(number('-12.50')), '-12.50');
  assert.equal(encodeCell(number('0')), '0');
  assert.equal(encodeCell(null), '');
  for (const bad of ['=1', '1e5', '-', '12.', '.5', '1,5', ' 1', '+1', '0x10', 'NaN']) assert.throws(() => encodeCell(number(bad)), TypeError, bad);
});

test('UTF-8 with BOM, CRLF after every record (the last too), header first', async () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const rows = await writeCsv(
    out,
    [
      { header: 'Name', cell: (r: string) => text(r) },
      { header: 'Amount', cell: () => number('-1.00') },
    ],
    ['Zoë', '東京'],
  );
  const bytes = Buffer.concat(chunks);
  assert.equal(rows, 2);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), `Name,Amount${CRLF}Zoë,-1.00${CRLF}東京,-1.00${CRLF}`);
  assert.ok(!/[^\r]\n/.test(bytes.toString('utf8')), 'no bare LF');
});

test('backpressure: a slow file stream never holds more than its buffer plus one chunk, and rows are pulled lazily', async () => {
  let buffered = 0;
  let maxBuffered = 0;
  const slow = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, done) {
      setImmediate(done);
    },
  });
  const origWrite = slow.write.bind(slow);
  slow.write = ((chunk: string, enc: BufferEncoding) => {
    const ok = origWrite(chunk, enc);
    buffered = slow.writableLength;
    maxBuffered = Math.max(maxBuffered, buffered);
    return ok;
  }) as typeof slow.write;
  let pulled = 0;
  let maxAhead = 0;
  function* rows() {
    for (let i = 0; i < 50_000; i++) {
      pulled++;
      maxAhead = Math.max(maxAhead, slow.writableLength);
      yield `order ${i}, "quoted" ${'x'.repeat(i % 40)}`;
    }
  }
  const n = await writeCsv(slow, [{ header: 'v', cell: (r: string) => text(r) }], rows());
  assert.equal(n, 50_000);
  assert.equal(pulled, 50_000);
  const bound = 16 * 1024 + 200 * 1024; // the stream's buffer plus one 64K-character chunk in UTF-8
  assert.ok(maxBuffered < bound, `at most the stream buffer plus one chunk was queued (max ${maxBuffered})`);
  assert.ok(maxAhead < bound, `no row was pulled while the stream was over its buffer (max ${maxAhead})`);
});

test('a stream that fails (disk full) rejects with its error and the writer stops pulling rows', async () => {
  let pulled = 0;
  const failing = new Writable({
    write(_c, _e, done) {
      done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    },
  });
  function* rows() {
    for (let i = 0; i < 1_000_000; i++) {
      pulled++;
      yield 'x'.repeat(100);
    }
  }
  await assert.rejects(writeCsv(failing, [{ header: 'v', cell: (r: string) => text(r) }], rows()), (err: NodeJS.ErrnoException) => err.code === 'ENOSPC');
  assert.ok(pulled < 10_000, `stopped early (${pulled} rows pulled)`);
});
