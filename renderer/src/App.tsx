import { NoticeBanner } from './components/NoticeBanner.tsx';
import { SyncWarningBanner } from './components/SyncWarningBanner.tsx';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectFlowView, ConnectionView, ProviderView } from '../../shared/view-models.ts';
import { storelink, unwrap } from './api.ts';
import { ActivityScreen } from './activity/ActivityScreen.tsx';
import { ConnectFlowBanner } from './connect/ConnectFlowBanner.tsx';
import { ConnectScreen } from './connect/ConnectScreen.tsx';
import type { FlowActions } from './connect/FlowPanel.tsx';
import type { StartInput } from './connect/ProviderForm.tsx';
import { ConnectionsScreen } from './connections/ConnectionsScreen.tsx';
import { Nav, type Screen } from './components/Nav.tsx';
import { useAnnounce } from './hooks/announcer.tsx';
import { focusElement, focusMainHeading, focusSoon } from './hooks/focus.ts';
import { useConnectFlow } from './hooks/useConnectFlow.ts';
import { useConnections } from './hooks/useConnections.ts';
import { useFocusConnection } from './hooks/useFocusConnection.ts';
import { OrdersScreen } from './orders/OrdersScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { connectionLabel } from './connections/label.ts';
import { connectDraft } from './state/connect-draft.ts';

/** The flow last started: how to start it again, which platform, and whether it came from a form (then "Edit details"). */
interface LastFlow {
  title: string;
  platform: string;
  editable: boolean;
  begin: () => Promise<ConnectFlowView>;
}

export function App() {
  const [screen, setScreen] = useState<Screen>('connections');
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [demoBusy, setDemoBusy] = useState(false);
  const connections = useConnections();
  const announce = useAnnounce();
  const last = useRef<LastFlow | null>(null);
  const [{ platform, editable }, setShown] = useState({ platform: 'the platform', editable: false });

  const landOn = useCallback(
    (connectionId: string) => {
      connectDraft.clear(); // connected: nothing typed (no secret) stays in memory
      setHighlightId(connectionId);
      setScreen('connections');
      announce('Connected. The new connection is shown in the list.');
    },
    [announce],
  );
  const flow = useConnectFlow(landOn);
  // Issue 9: a clicked notification about a connection opens the window on its card.
  const showCard = useCallback((connectionId: string) => {
    setHighlightId(connectionId);
    setScreen('connections');
  }, []);
  useFocusConnection(showCard);

  const run = (next: LastFlow) => {
    last.current = next;
    setShown({ platform: next.platform, editable: next.editable });
    setScreen('connect');
    void flow.start(next.title, next.begin);
  };
  const startOAuth = (p: ProviderView, input: StartInput) =>
    run({
      title: `Connecting ${p.name}`,
      platform: p.name,
      editable: p.fields.length > 0 || p.scopes.some((s) => !s.required) || p.scopesEditable,
      begin: () => unwrap(storelink().startConnect(input)),
    });
  const reconnect = (c: ConnectionView) =>
    run({
      title: `Reconnecting ${connectionLabel(c)}`,
      platform: c.providerName,
      editable: false,
      begin: () => unwrap(storelink().reconnect({ connectionId: c.id })),
    });
  const demo = () => {
    setDemoBusy(true);
    // One call: main starts the demo store on 127.0.0.1 when its connect begins.
    run({
      title: 'Connecting the demo store',
      platform: 'the demo store',
      editable: false,
      begin: async () => {
        try {
          return await unwrap(storelink().startConnect({ providerId: 'demo', fields: {} }));
        } finally {
          setDemoBusy(false);
        }
      },
    });
  };
  const retry = () => {
    if (last.current) void flow.start(last.current.title, last.current.begin);
    else flow.reset();
  };
  const back = () => {
    flow.reset();
    setScreen('connections');
  };
  /** Back to the form with every value kept; a pending sign-in is cancelled first. */
  const edit = () => {
    if (flow.state.kind === 'waiting') flow.cancel();
    flow.reset();
    setScreen('connect');
    focusSoon(() => document.getElementById('provider-form-title'));
  };
  const pendingFlowId = () => (flow.state.kind === 'waiting' ? flow.state.flow.flowId : null);
  const actions: FlowActions = {
    onCancel: flow.cancel,
    onRetry: retry,
    onBack: back,
    ...(editable ? { onEdit: edit } : {}),
    onReopen: async () => {
      const flowId = pendingFlowId();
      if (flowId) await unwrap(storelink().reopenConnectPage({ flowId }));
    },
    onCopy: async () => {
      const flowId = pendingFlowId();
      if (flowId) await unwrap(storelink().copyConnectLink({ flowId }));
    },
  };
  const go = (s: Screen) => {
    if (s === 'connect' && flow.state.kind === 'cancelled') flow.reset();
    setScreen(s);
  };

  // When a flow step removed the focused control (the banner's buttons, a finished panel), focus
  // never stays on <body>: the screen's heading takes it.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) {
      if (screen !== 'connect' || !focusElement(document.getElementById('flow-title'))) focusMainHeading();
    }
  }, [flow.state.kind, screen]);

  return (
    <>
      <header className="app-header">
        <p className="brand">
          <span aria-hidden="true" className="brand-mark">
            SL
          </span>{' '}
          Storelink
        </p>
        <Nav current={screen} onGo={go} />
      </header>
      <main>
        <NoticeBanner />
        <SyncWarningBanner />
        {screen !== 'connect' ? (
          <ConnectFlowBanner
            state={flow.state}
            platform={platform}
            {...actions}
            onShow={() => setScreen('connect')}
            onDismiss={() => {
              flow.reset();
              focusSoon(() => null);
            }}
          />
        ) : null}
        {screen === 'connections' ? (
          <ConnectionsScreen
            state={connections}
            highlightId={highlightId}
            demoBusy={demoBusy}
            onConnect={() => go('connect')}
            onDemo={demo}
            onReconnect={reconnect}
          />
        ) : null}
        {screen === 'connect' ? <ConnectScreen flow={flow} platform={platform} actions={actions} onStartOAuth={startOAuth} onConnected={landOn} /> : null}
        {screen === 'orders' ? <OrdersScreen connections={connections.connections} /> : null}
        {screen === 'activity' ? <ActivityScreen connections={connections.connections} /> : null}
        {screen === 'settings' ? <SettingsScreen /> : null}
      </main>
    </>
  );
}
