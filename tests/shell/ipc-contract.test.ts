/**
 * The IPC contract is one object (shared/ipc-contract.ts) and everything else is derived from it.
 * Type-level proofs use `@ts-expect-error`: `npm test` runs `tsc` over this file, and an expected
 * error that stops happening is itself a compile error, so these checks cannot silently pass.
 */
import { DEFAULT_APP_SETTINGS } from '../../shared/app-settings.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  ipcContract,
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type EventChannel,
  type IpcEvents,
  type RequestChannel,
  type StorelinkApi,
} from '../../shared/ipc-contract.ts';
import { connectionViewSchema, errorViewSchema, type ConnectionView } from '../../shared/view-models.ts';
import type { ErrorView } from '../../shared/error-codes.ts';
import type { AssertTrue, SameShape } from '../../shared/ipc/same-shape.ts';
import { createIpcHandlers, type IpcHandlers } from '../../main/ipc/handlers.ts';
import { forwardEvents } from '../../main/ipc/events.ts';
import { toResponseView } from '../../main/ipc/response-schemas.ts';
import { createStorelinkApi } from '../../main/electron/preload-api.ts';
import { createFakeCore, createFakeSync } from './fake-core.ts';

// ---- compile-time: a missing piece does not compile ----

type Handler<C extends RequestChannel> = IpcHandlers[C];
/** Never called: only type-checked. */
export function typeLevelChecks(someHandlers: Omit<IpcHandlers, 'listNotices'>, listNotices: Handler<'listNotices'>): void {
  // @ts-expect-error -- a handler table without one channel's handler is not an IpcHandlers
  const missingHandler: IpcHandlers = someHandlers;
  // @ts-expect-error -- a view-model field that is not in its schema does not exist on the type
  const extraField: ConnectionView['notInTheSchema'] = undefined;
  // @ts-expect-error -- a handler's reply must be its channel's view model
  const wrongReply: Handler<'listConnections'> = listNotices;
  // The view-model type IS the schema's output: the same keys, optional ones included.
  type SchemaKeys = keyof z.output<typeof connectionViewSchema>;
  const sameKeys: [SchemaKeys] extends [keyof ConnectionView] ? ([keyof ConnectionView] extends [SchemaKeys] ? true : false) : false = true;
  void [missingHandler, extraField, wrongReply, sameKeys];
}

// The one view type declared apart from its schema (ErrorView, shared/error-codes.ts) is pinned to it
// with SameShape (shared/view-models.ts). The bug of issue 7, an optional field on the type that the
// schema lacks, is a compile error; mutual assignability alone would let it through.
type _ErrorViewPinned = AssertTrue<SameShape<z.output<typeof errorViewSchema>, ErrorView>>;
// @ts-expect-error -- an optional field on the declared type but not in the schema is a different shape
type _OptionalFieldMissingFromSchema = AssertTrue<SameShape<z.output<typeof errorViewSchema>, ErrorView & { hint?: string }>>;
// @ts-expect-error -- and the other way round: a schema field the declared type lacks
type _OptionalFieldMissingFromType = AssertTrue<SameShape<z.output<typeof errorViewSchema> & { hint?: string }, ErrorView>>;
// Mutual assignability cannot tell these apart, which is why SameShape exists.
type _AssignableBothWays = AssertTrue<
  [ErrorView & { hint?: string }] extends [ErrorView] ? ([ErrorView] extends [ErrorView & { hint?: string }] ? true : false) : false
>;
// The renderer's argument type is the request schema's input; the handler gets its output.
// @ts-expect-error -- a strict request object refuses an unknown key at compile time too
const _unknownKey: Parameters<StorelinkApi['disconnect']>[0] = { connectionId: 'c', extra: 1 };
// @ts-expect-error -- a channel without an argument takes none
const _noArgument: Parameters<StorelinkApi['listProviders']>[0] = {};

// ---- run time: wired by construction ----

test("IPC contract: the channel lists are exactly the contract object's keys, in its order", () => {
  assert.deepEqual(REQUEST_CHANNELS, Object.keys(ipcContract.requests));
  assert.deepEqual(EVENT_CHANNELS, Object.keys(ipcContract.events));
  assert.ok(Object.isFrozen(REQUEST_CHANNELS) && Object.isFrozen(EVENT_CHANNELS));
  for (const c of REQUEST_CHANNELS) {
    assert.ok(ipcContract.requests[c].request instanceof z.ZodType, `${c} request schema`);
    assert.ok(ipcContract.requests[c].response instanceof z.ZodType, `${c} response schema`);
  }
});

test('IPC contract: every channel has a handler, a preload function and an event forwarder', async () => {
  const handlers = createIpcHandlers(createFakeCore(), createFakeSync());
  assert.deepEqual(Object.keys(handlers).sort(), [...REQUEST_CHANNELS].sort());
  for (const c of REQUEST_CHANNELS) assert.equal(typeof handlers[c], 'function', c);

  const api = createStorelinkApi({ invoke: async () => ({ ok: true, value: null }), on: () => {}, removeListener: () => {} });
  assert.deepEqual(Object.keys(api).sort(), [...REQUEST_CHANNELS, 'on'].sort());

  // Every contract event reaches the window when its source fires.
  const subscribed = new Map<string, (payload: unknown) => void>();
  const core = { on: (event: string, l: (payload: unknown) => void) => (subscribed.set(event, l), () => subscribed.delete(event)) };
  const sync = {
    ...createFakeSync(),
    onProgress: (l: (payload: unknown) => void) => (subscribed.set('syncProgress', l), () => subscribed.delete('syncProgress')),
  };
  const sent: string[] = [];
  const off = forwardEvents(core as never, (channel) => sent.push(channel), {
    sync: sync as never,
    focusConnection: (l) => (subscribed.set('focusConnection', l as never), () => subscribed.delete('focusConnection')),
  });
  assert.deepEqual([...subscribed.keys()].sort(), [...EVENT_CHANNELS].sort());
  const samples: { [E in EventChannel]: IpcEvents[E] } = {
    connectionsChanged: [],
    connectFlow: { kind: 'cancelled', flowId: 'f' },
    activityAppended: { id: 'a', at: 1, kind: 'connected', connectionId: 'c', providerName: 'P', accountLabel: 'x' },
    syncProgress: { connectionId: 'c', state: { kind: 'idle' }, orderCount: 0 },
    focusConnection: { connectionId: 'c' },
    settingsChanged: DEFAULT_APP_SETTINGS,
  };
  for (const e of EVENT_CHANNELS) subscribed.get(e)?.(samples[e]);
  assert.deepEqual(
    sent,
    EVENT_CHANNELS.map((e) => `storelink:${e}`),
  );
  off();
  assert.equal(subscribed.size, 0, 'one unsubscribe for all');
});

test('IPC contract: every optional view-model field survives the reply check (none is silently stripped)', () => {
  const full: Required<ConnectionView> = {
    id: 'c',
    providerId: 'p',
    providerName: 'P',
    providerIcon: 'P',
    kind: 'oauth-pkce',
    accountLabel: 'a',
    store: 's.example',
    status: { kind: 'error', reason: 'r', retryAt: 5 },
    scopes: [{ name: 'n', description: 'd', granted: true, required: true }],
    accessExpiresAt: 1,
    refreshExpiresAt: 2,
    hasRefreshToken: true,
    lastRefreshAt: 3,
    nextRefreshAt: 4,
    lastActivityAt: 5,
    createdAt: 6,
    revocation: 'rfc7009',
    revocationNote: 'note',
    health: {
      tone: 'warning',
      headline: 'h',
      detail: 'd',
      access: { kind: 'countdown', at: 1 },
      renewal: { kind: 'text', text: 't', at: 2 },
      changesAt: 1,
    },
    scopeStates: ['granted'],
    name: 'My shop',
    storeAddress: 's.example',
    reconnectedExistingAt: 7,
    duplicateOf: { connectionId: 'c2', name: 'P — Main shop' },
  };
  const [view] = toResponseView('listConnections', [{ ...full, accessToken: 'must-go' }]);
  assert.deepEqual(view, full);
  assert.deepEqual(Object.keys(connectionViewSchema.shape).sort(), Object.keys(full).sort());
});
