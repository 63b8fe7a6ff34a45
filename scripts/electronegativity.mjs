#!/usr/bin/env node
/**
 * Static analysis of the Electron code with @doyensec/electronegativity (security.md #33).
 * The tool exits 0 even with findings, so this script:
 *   1. stages main/, renderer/, shared/ and package.json into one input folder (its global checks,
 *      e.g. navigation limits and CSP, need to see main and renderer together);
 *   2. runs the scan (Electron version from node_modules/electron) and writes every finding to
 *      test-artifacts/electronegativity.json;
 *   3. READS that report back, and fails (exit 1) on any finding above INFORMATIONAL that is not in
 *      scripts/electronegativity-justified.json ({ check, file, reason }), or on any file it could
 *      not parse (an unparsed file is an unchecked file).
 * Prints a summary table either way.
 * Usage: node scripts/electronegativity.mjs [--report path] [--source-root dir] [--evaluate-only]
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'test-artifacts');
const reportArg = process.argv.indexOf('--report');
const reportPath = reportArg > 0 ? path.resolve(process.argv[reportArg + 1]) : path.join(artifacts, 'electronegativity.json');
const allowPath = path.join(root, 'scripts', 'electronegativity-justified.json');
// --source-root: scan another tree laid out like this repo (tests use a fixture); default: the repo.
const sourceArg = process.argv.indexOf('--source-root');
const sourceRoot = sourceArg > 0 ? path.resolve(process.argv[sourceArg + 1]) : root;
const SOURCES = ['main', 'renderer', 'shared'];

const require = createRequire(import.meta.url);
const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));

/**
 * The tool fetches translations and Electron's release list from the internet. This machine and CI
 * have no internet: fail those requests locally, as the tool's own "no connectivity" path expects
 * (bundled en-US strings are used; AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK then only compares versions
 * it knows). Electron upgrades are tracked through package.json pins instead.
 */
function stubTranslationDownload() {
  const engRequire = createRequire(path.join(engDir, 'dist', 'locales', 'i18n.js'));
  const gotPath = engRequire.resolve('got');
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = async () => {
    throw new Error('offline: electronegativity network lookups are disabled');
  };
  engRequire.cache[gotPath] = stub;
}

function stage() {
  const input = fs.mkdtempSync(path.join(artifacts, 'electronegativity-input-'));
  for (const dir of SOURCES) {
    const from = path.join(sourceRoot, dir);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(input, dir), {
      recursive: true,
      filter: (src) => !/(^|[\\/])(node_modules|dist)([\\/]|$)/.test(path.relative(sourceRoot, src)),
    });
  }
  fs.copyFileSync(path.join(sourceRoot, 'package.json'), path.join(input, 'package.json'));
  return input;
}

async function scan() {
  fs.mkdirSync(artifacts, { recursive: true });
  stubTranslationDownload();
  const run = require('@doyensec/electronegativity');
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const input = stage();
  try {
    const result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, severitySet: 'informational', confidenceSet: 'tentative' });
    const report = {
      tool: '@doyensec/electronegativity',
      electronVersion,
      checks: { global: result.globalChecks, atomic: result.atomicChecks },
      parseErrors: result.errors.map((e) => ({ file: path.relative(input, e.file), message: e.message, tolerable: e.tolerable })),
      findings: result.issues.map((i) => ({
        check: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: (i.file ?? 'N/A').split(path.sep).join('/'),
        line: i.location?.line ?? 0,
        column: i.location?.column ?? 0,
        sample: typeof i.sample === 'string' ? i.sample.slice(0, 200) : '',
        description: i.description,
        manualReview: Boolean(i.manualReview),
      })),
    };
    fs.writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    fs.rmSync(input, { recursive: true, force: true });
  }
}

/** Decides from the report file alone; exported for tests. */
export function evaluate(report, allowList) {
  const justified = (f) => allowList.find((a) => a.check === f.check && a.file === f.file && typeof a.reason === 'string' && a.reason.trim().length >= 10);
  const rows = report.findings.map((f) => {
    const entry = f.severity === 'INFORMATIONAL' ? undefined : justified(f);
    const verdict = f.severity === 'INFORMATIONAL' ? 'info' : entry ? 'justified' : 'FAIL';
    return { ...f, verdict, reason: entry?.reason ?? '' };
  });
  const used = new Set(rows.filter((r) => r.verdict === 'justified').map((r) => `${r.check} ${r.file}`));
  const unused = allowList.filter((a) => !used.has(`${a.check} ${a.file}`));
  const fatalParse = report.parseErrors.filter((e) => !e.tolerable);
  const failed = rows.filter((r) => r.verdict === 'FAIL');
  return { rows, unused, fatalParse, ok: failed.length === 0 && fatalParse.length === 0 };
}

function printTable(rows) {
  const head = ['verdict', 'severity', 'check', 'file:line', 'note'];
  const body = rows.map((r) => [r.verdict, r.severity, r.check, `${r.file}:${r.line}`, (r.reason || r.description || '').slice(0, 70)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const b of body) console.log(line(b));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--evaluate-only')) await scan();
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  const allowList = fs.existsSync(allowPath) ? JSON.parse(fs.readFileSync(allowPath, 'utf8')) : [];
  const { rows, unused, fatalParse, ok } = evaluate(report, allowList);
  console.log(
    `electronegativity ${report.electronVersion ? `(Electron ${report.electronVersion}) ` : ''}- ${report.checks?.global ?? '?'} global + ${report.checks?.atomic ?? '?'} atomic checks; report: ${path.relative(root, reportPath)}`,
  );
  if (rows.length > 0) printTable(rows);
  for (const e of fatalParse) console.log(`FAIL could not parse ${e.file}: ${e.message}`);
  for (const a of unused) console.log(`note: allow-list entry no longer matches anything: ${a.check} ${a.file}`);
  const count = (v) => rows.filter((r) => r.verdict === v).length;
  console.log(`${count('FAIL')} failing, ${count('justified')} justified, ${count('info')} informational, ${fatalParse.length} unparsed files`);
  process.exit(ok ? 0 : 1);
}
