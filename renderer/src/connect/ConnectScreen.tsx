import { useEffect, useState } from 'react';
import type { ProviderView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { PlatformMark } from '../components/PlatformMark.tsx';
import type { ConnectFlowControls } from '../hooks/useConnectFlow.ts';
import { connectDraft } from '../state/connect-draft.ts';
import { FlowPanel, type FlowActions } from './FlowPanel.tsx';
import { ProviderForm, type StartInput } from './ProviderForm.tsx';

const KIND_TEXT: Record<ProviderView['kind'], string> = {
  'oauth-pkce': 'Sign in with your browser',
  'oauth-app-credentials': 'Your own app credentials, then sign in with your browser',
  'api-key': 'Paste API keys',
  'oauth-client-credentials': 'Your own app credentials, no browser needed',
};

/** Choose a platform, fill what its profile asks for, then follow the flow. */
export function ConnectScreen(props: {
  flow: ConnectFlowControls;
  /** The platform of the flow shown, in words. */
  platform: string;
  actions: FlowActions;
  onStartOAuth(provider: ProviderView, input: StartInput): void;
  onConnected(connectionId: string): void;
}) {
  const [providers, setProviders] = useState<ProviderView[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [chosen, setChosenState] = useState<string | null>(() => connectDraft.chosen());
  const setChosen = (id: string) => {
    connectDraft.choose(id);
    setChosenState(id);
  };

  useEffect(() => {
    unwrap(storelink().listProviders()).then(setProviders, (err: unknown) => setError(errorViewOf(err)));
  }, []);

  const { state } = props.flow;
  if (state.kind !== 'idle') {
    return (
      <section aria-labelledby="connect-title">
        <h1 id="connect-title">Connect a store</h1>
        <FlowPanel state={state} platform={props.platform} {...props.actions} />
      </section>
    );
  }
  const provider = providers?.find((p) => p.id === chosen) ?? null;

  return (
    <section aria-labelledby="connect-title">
      <h1 id="connect-title">Connect a store</h1>
      {error ? <ErrorNotice error={error} heading="Could not load the list of platforms" /> : null}
      {providers === null && !error ? <p>Loading platforms…</p> : null}
      {providers ? (
        <>
          <h2 id="choose-title">Choose a platform</h2>
          <ul className="provider-choices" aria-labelledby="choose-title">
            {providers.map((p) => (
              <li key={p.id}>
                <button type="button" aria-pressed={p.id === chosen} onClick={() => setChosen(p.id)} data-provider-id={p.id}>
                  <PlatformMark providerId={p.id} icon={p.icon} />
                  <span>
                    <strong>{p.name}</strong>
                    <br />
                    <span className="muted">{KIND_TEXT[p.kind]}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {provider ? (
        <div className="card">
          <ProviderForm key={provider.id} provider={provider} onStartOAuth={(input) => props.onStartOAuth(provider, input)} onConnected={props.onConnected} />
        </div>
      ) : null}
    </section>
  );
}
