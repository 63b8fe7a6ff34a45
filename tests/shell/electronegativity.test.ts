import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error -- plain .mjs script without type declarations
import { evaluate } from '../../scripts/electronegativity.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts', 'electronegativity.mjs');

function runScan(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

type Finding = { check: string; severity: string; file: string };
const report = (findings: Finding[], parseErrors: unknown[] = []) => ({ findings, parseErrors });

test('security.md #33: evaluate fails on unjustified findings above informational and on unparsed files', () => {
  const allow = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/electron/electron-main.ts', reason: 'guarded by createElectronOpener (tested)' }];
  assert.equal(evaluate(report([{ check: 'CSP_GLOBAL_CHECK', severity: 'INFORMATIONAL', file: 'N/A' }]), []).ok, true);
  assert.equal(evaluate(report([{ check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', file: 'main/electron/electron-main.ts' }]), allow).ok, true);
  assert.equal(evaluate(report([{ check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', file: 'main/other.ts' }]), allow).ok, false, 'file must match');
  assert.equal(evaluate(report([{ check: 'NODE_INTEGRATION_JS_CHECK', severity: 'HIGH', file: 'main/electron/electron-main.ts' }]), allow).ok, false);
  assert.equal(
    evaluate(report([{ check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'LOW', file: 'main/electron/electron-main.ts' }]), [{ ...allow[0], reason: '' }]).ok,
    false,
    'a reason is required',
  );
  assert.equal(evaluate(report([], [{ file: 'main/x.ts', message: 'Unexpected token', tolerable: false }]), []).ok, false);
});

test('security.md #33: the scan of this repository passes, every finding fixed or justified, report written', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-eng-'));
  try {
    const reportPath = path.join(out, 'report.json');
    const r = runScan(['--report', reportPath]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const written = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as { checks: { atomic: number }; findings: Finding[] };
    assert.ok(written.checks.atomic > 20, 'the atomic checks ran');
    assert.match(r.stdout, /0 failing/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('security.md #33: a real insecure window in the sources makes the scan exit 1', () => {
  const fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'storelink-eng-fixture-'));
  try {
    fs.mkdirSync(path.join(fixture, 'main'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(fixture, 'package.json'));
    fs.writeFileSync(
      path.join(fixture, 'main', 'bad-window.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
    );
    const reportPath = path.join(fixture, 'report.json');
    const r = runScan(['--report', reportPath, '--source-root', fixture]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const written = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as { findings: Finding[] };
    const failing = written.findings.filter((f) => f.file === 'main/bad-window.ts').map((f) => f.check);
    assert.ok(failing.includes('NODE_INTEGRATION_JS_CHECK') && failing.includes('CONTEXT_ISOLATION_JS_CHECK'), failing.join());
    assert.match(r.stdout, /FAIL\s+\|\s+HIGH/);
  } finally {
    fs.rmSync(fixture, { recursive: true, force: true });
  }
});
