/**
 * No import circles anywhere (issue 7), type-only imports included: eslint's import-x/no-cycle
 * skips `import type`, so this walks every relative import/export-from of main/, shared/ and the
 * renderer and looks for a cycle. The detector itself is checked on a graph with a known cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');
const IMPORT = /(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gs;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [path.relative(ROOT, p)] : [];
  });
}

function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((f) => {
      const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
      const deps = [...src.matchAll(IMPORT)].map((m) => path.normalize(path.join(path.dirname(f), m[1]!))).filter((d) => known.has(d));
      return [f, deps];
    }),
  );
}

/** Every cycle found by depth-first search, as "a -> b -> a". */
export function findCycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (u: string): void => {
    state.set(u, 1);
    stack.push(u);
    for (const v of graph.get(u) ?? []) {
      if (state.get(v) === 1) cycles.push([...stack.slice(stack.indexOf(v)), v].join(' -> '));
      else if (!state.has(v)) visit(v);
    }
    stack.pop();
    state.set(u, 2);
  };
  for (const u of graph.keys()) if (!state.has(u)) visit(u);
  return cycles;
}

test('the cycle detector finds a known cycle, type-only edges included', () => {
  const g = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  assert.deepEqual(findCycles(g), ['a.ts -> b.ts -> c.ts -> a.ts']);
  assert.deepEqual(
    findCycles(
      new Map([
        ['x.ts', ['y.ts']],
        ['y.ts', []],
      ]),
    ),
    [],
  );
});

test('no import circles in main/, shared/ or the renderer (value and type imports)', () => {
  const files = ['main', 'shared', path.join('renderer', 'src')].flatMap((d) => sourceFiles(path.join(ROOT, d)));
  assert.ok(files.length > 100, `found ${files.length} source files`);
  const graph = importGraph(files);
  assert.ok(
    [...graph.values()].some((deps) => deps.length > 0),
    'imports were read',
  );
  assert.deepEqual(findCycles(graph), []);
});
