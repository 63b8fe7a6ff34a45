/**
 * The import borders (issue 7, README "Architecture") are enforced by eslint.config.js in `npm test`.
 * These tests run ESLint's Node API with that config on code that breaks each border, so the check
 * cannot silently pass (a mistyped zone, a resolver that resolves nothing, a rule switched off).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const FORBIDDEN_FOR_CORE = [
  '../demo-store/index.ts',
  '../sync/sync-service.ts',
  '../ipc/handlers.ts',
  '../electron/electron-main.ts',
  '../adapters/conf-settings.ts',
  '../../renderer/src/App.tsx',
];

test('main/core importing the demo store, sync, IPC, the shell, adapters or the renderer is reported', async () => {
  for (const spec of FORBIDDEN_FOR_CORE) {
    const found = await ruleIdsFor(`import * as x from '${spec}';\nexport const y = x;\n`, 'main/core/border-probe.ts');
    assert.ok(
      found.some((m) => m.startsWith('import-x/no-restricted-paths')),
      `${spec}: ${found.join('; ')}`,
    );
  }
  const nested = await ruleIdsFor(`export type { DemoStore } from '../../demo-store/index.ts';\n`, 'main/core/connections/border-probe.ts');
  assert.ok(
    nested.some((m) => m.startsWith('import-x/no-restricted-paths')),
    nested.join('; '),
  );
});

test("main/core importing 'electron' is reported; the core's own modules and shared/ are not", async () => {
  const found = await ruleIdsFor(`import { app } from 'electron';\nexport const y = app;\n`, 'main/core/border-probe.ts');
  assert.ok(
    found.some((m) => m.startsWith('no-restricted-imports')),
    found.join('; '),
  );
  const fine = await ruleIdsFor(
    `import { ErrorCode } from './errors.ts';\nimport { SCOPE_MAX_LENGTH } from '../../shared/field-rules.ts';\nexport const y = [ErrorCode, SCOPE_MAX_LENGTH];\n`,
    'main/core/border-probe.ts',
  );
  assert.deepEqual(fine, []);
});

test('the renderer importing main/ and shared/ importing main/ or renderer/ are reported', async () => {
  const r = await ruleIdsFor(`import { ErrorCode } from '../../main/core/errors.ts';\nexport const y = ErrorCode;\n`, 'renderer/src/border-probe.ts');
  assert.ok(
    r.some((m) => m.startsWith('import-x/no-restricted-paths')),
    r.join('; '),
  );
  for (const spec of ['../main/core/errors.ts', '../renderer/src/api.ts']) {
    const s = await ruleIdsFor(`import * as x from '${spec}';\nexport const y = x;\n`, 'shared/border-probe.ts');
    assert.ok(
      s.some((m) => m.startsWith('import-x/no-restricted-paths')),
      `${spec}: ${s.join('; ')}`,
    );
  }
});

test('an import cycle is reported by import-x/no-cycle on both files', async () => {
  const lint = new ESLint({ cwd: root, ignore: false });
  const results = await lint.lintFiles([join(root, 'tests/shell/fixtures/lint/cycle/a.ts'), join(root, 'tests/shell/fixtures/lint/cycle/b.ts')]);
  const cycles = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map(() => r.filePath));
  assert.equal(cycles.length, 2, JSON.stringify(results.map((r) => r.messages)));
});
