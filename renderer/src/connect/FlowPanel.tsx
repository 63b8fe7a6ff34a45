import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime, formatDuration } from '../format/intl.ts';
import type { FlowState } from '../hooks/useConnectFlow.ts';
import { useNow } from '../hooks/useNow.ts';

/** The connect flow while it is out of Storelink's hands: waiting for the browser, or its outcome. */
export function FlowPanel(props: { state: Exclude<FlowState, { kind: 'idle' }>; onCancel(): void; onRetry(): void; onBack(): void }) {
  const { state } = props;
  const now = useNow(1000);
  if (state.kind === 'starting') {
    return (
      <section className="card" aria-busy="true" aria-labelledby="flow-title">
        <h2 id="flow-title">{state.title}</h2>
        <p>Opening your browser…</p>
      </section>
    );
  }
  if (state.kind === 'waiting') {
    const left = state.flow.expiresAt - now;
    return (
      <section className="card" aria-labelledby="flow-title" data-testid="flow-waiting">
        <h2 id="flow-title">Finish signing in in your browser</h2>
        <p>
          {state.title}: Storelink opened <strong>{state.flow.authorizationHost}</strong> in your web browser. Sign in there and choose which permissions to
          allow; this window updates by itself when you are done.
        </p>
        <p>
          Time left:{' '}
          <span className="big-countdown" data-testid="flow-countdown">
            {formatDuration(left)}
          </span>{' '}
          <span className="muted">(until {formatDateTime(state.flow.expiresAt)})</span>
        </p>
        <div className="button-row">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </section>
    );
  }
  if (state.kind === 'cancelled') {
    return (
      <section className="card" aria-labelledby="flow-title" data-testid="flow-cancelled">
        <h2 id="flow-title">Connecting was cancelled</h2>
        <p>Nothing was connected. You can close the browser tab.</p>
        <RetryActions onRetry={props.onRetry} onBack={props.onBack} />
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="flow-title" data-testid="flow-failed">
      <h2 id="flow-title">{state.title}: not connected</h2>
      <ErrorNotice error={state.error} />
      <RetryActions onRetry={props.onRetry} onBack={props.onBack} />
    </section>
  );
}

function RetryActions(props: { onRetry: () => void; onBack: () => void }) {
  return (
    <div className="button-row">
      <button type="button" className="primary" onClick={props.onRetry}>
        Try again
      </button>
      <button type="button" onClick={props.onBack}>
        Back to connections
      </button>
    </div>
  );
}
