import { NoticeBanner } from './components/NoticeBanner.tsx';
import { SyncWarningBanner } from './components/SyncWarningBanner.tsx';
import { useCallback, useRef, useState } from 'react';
import type { ConnectFlowView, ConnectionView, ProviderView } from '../../shared/view-models.ts';
import { storelink, unwrap } from './api.ts';
import { ActivityScreen } from './activity/ActivityScreen.tsx';
import { ConnectScreen } from './connect/ConnectScreen.tsx';
import { ConnectionsScreen } from './connections/ConnectionsScreen.tsx';
import { Nav, type Screen } from './components/Nav.tsx';
import { useAnnounce } from './hooks/announcer.tsx';
import { useConnectFlow } from './hooks/useConnectFlow.ts';
import { useConnections } from './hooks/useConnections.ts';
import { useFocusConnection } from './hooks/useFocusConnection.ts';
import { OrdersScreen } from './orders/OrdersScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { connectionLabel } from './connections/label.ts';

export function App() {
  const [screen, setScreen] = useState<Screen>('connections');
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [demoBusy, setDemoBusy] = useState(false);
  const connections = useConnections();
  const announce = useAnnounce();
  const last = useRef<{ title: string; begin: () => Promise<ConnectFlowView> } | null>(null);

  const landOn = useCallback(
    (connectionId: string) => {
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

  const run = (title: string, begin: () => Promise<ConnectFlowView>) => {
    last.current = { title, begin };
    setScreen('connect');
    void flow.start(title, begin);
  };
  const startOAuth = (p: ProviderView, input: { providerId: string; fields: Record<string, string>; scopes?: string[] }) =>
    run(`Connecting ${p.name}`, () => unwrap(storelink().startConnect(input)));
  const reconnect = (c: ConnectionView) => run(`Reconnecting ${connectionLabel(c)}`, () => unwrap(storelink().reconnect({ connectionId: c.id })));
  const demo = () => {
    setDemoBusy(true);
    // One call: main starts the demo store on 127.0.0.1 when its connect begins.
    run('Connecting the demo store', async () => {
      try {
        return await unwrap(storelink().startConnect({ providerId: 'demo', fields: {} }));
      } finally {
        setDemoBusy(false);
      }
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
  const go = (s: Screen) => {
    if (s === 'connect' && flow.state.kind !== 'waiting' && flow.state.kind !== 'starting') flow.reset();
    setScreen(s);
  };

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
        {screen === 'connect' ? <ConnectScreen flow={flow} onStartOAuth={startOAuth} onConnected={landOn} onRetry={retry} onBack={back} /> : null}
        {screen === 'orders' ? <OrdersScreen connections={connections.connections} /> : null}
        {screen === 'activity' ? <ActivityScreen connections={connections.connections} /> : null}
        {screen === 'settings' ? <SettingsScreen /> : null}
      </main>
    </>
  );
}
