/**
 * Square's official Node SDK (`square` 46.0.0, devDependency) as a validator: its serialization
 * schemas (Fern-generated from Square's API definition) check the simulator's responses and the
 * adapter's request bodies. The schemas are not in the package's "exports", so they are loaded by
 * the resolved file path of the package's main file. Strict: unknown keys and enum values fail.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

interface SdkSchema {
  parse(
    raw: unknown,
    opts?: { unrecognizedObjectKeys?: 'fail' | 'passthrough' | 'strip'; allowUnrecognizedEnumValues?: boolean; allowUnrecognizedUnionMembers?: boolean },
  ): { ok: true; value: unknown } | { ok: false; errors: Array<{ path: string[]; message: string }> };
}

const require = createRequire(import.meta.url);
const serializationPath = path.join(path.dirname(require.resolve('square')), 'serialization', 'index.js');
const sdk = require(serializationPath) as Record<string, unknown>;
const sdkVersion = (require(path.join(path.dirname(require.resolve('square')), 'package.json')) as { version: string }).version;

export const SQUARE_SDK_VERSION = sdkVersion;

/** A schema by name: a type (`SearchOrdersResponse`) or `namespace.Request` (`orders.SearchOrdersRequest`). */
export function squareSchema(name: string): SdkSchema {
  let node: unknown = sdk;
  for (const part of name.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  assert.ok(node && typeof (node as SdkSchema).parse === 'function', `the Square SDK has a schema ${name}`);
  return node as SdkSchema;
}

/** The problems the SDK finds in `value` under schema `name` (empty = valid), strict. */
export function squareProblems(name: string, value: unknown): string[] {
  const r = squareSchema(name).parse(value, { unrecognizedObjectKeys: 'fail', allowUnrecognizedEnumValues: false, allowUnrecognizedUnionMembers: false });
  return r.ok ? [] : r.errors.map((e) => `${e.path.join('.') || '(root)'}: ${e.message}`);
}

export function assertSquareValid(name: string, value: unknown, what = name): void {
  assert.deepEqual(squareProblems(name, value), [], `${what} is a valid ${name} per the Square SDK ${sdkVersion}`);
}
