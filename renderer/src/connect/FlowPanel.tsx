import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime, formatDuration } from '../format/intl.ts';
import type { FlowState } from '../hooks/useConnectFlow.ts';
import { focusElement } from '../hooks/focus.ts';
import { useNow } from '../hooks/useNow.ts';
import { errorViewOf } from '../api.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';

export interface FlowActions {
  onCancel(): void;
  onRetry(): void;
  onBack(): void;
  /** Back to the form with every value kept; absent when the flow did not come from a form (demo, reconnect). */
  onEdit?: () => void;
  onReopen(): Promise<void>;
  onCopy(): Promise<void>;
}

/** A local address (the demo store on 127.0.0.1) is not worth showing; a real platform's host is, to check the page is genuine. */
export function shownHost(host: string): string | null {
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host) ? null : host;
}

/** "Open the page again" and "Copy link" of a pending sign-in, with the result in words. */
export function PageActions(props: { onReopen(): Promise<void>; onCopy(): Promise<void>; platform: string }) {
  const [said, setSaid] = useState<{ text: string } | { error: ErrorView } | null>(null);
  const act = (what: 'open' | 'copy') => {
    setSaid(null);
    (what === 'open' ? props.onReopen() : props.onCopy()).then(
      () =>
        setSaid({
          text:
            what === 'open' ? 'The sign-in page was opened again in your browser.' : `Link copied. Paste it into the browser where you use ${props.platform}.`,
        }),
      (err: unknown) => setSaid({ error: errorViewOf(err) }),
    );
  };
  return (
    <>
      <button type="button" onClick={() => act('open')}>
        Open the page again
      </button>
      <button type="button" onClick={() => act('copy')}>
        Copy link
      </button>
      <span className="action-result" role="status" data-testid="page-action-result">
        {said && 'text' in said ? said.text : null}
      </span>
      {said && 'error' in said ? <ErrorNotice error={said.error} /> : null}
    </>
  );
}

/** The connect flow while it is out of Storelink's hands: waiting for the browser, or its outcome. */
export function FlowPanel(props: { state: Exclude<FlowState, { kind: 'idle' }>; platform: string } & FlowActions) {
  const { state, platform } = props;
  const now = useNow(1000);
  const heading = useRef<HTMLHeadingElement>(null);
  // The button that started, cancelled or ended this step is gone: focus the panel's heading.
  useEffect(() => {
    focusElement(heading.current);
  }, [state.kind]);

  if (state.kind === 'starting') {
    return (
      <section className="card" aria-busy="true" aria-labelledby="flow-title">
        <h2 id="flow-title" ref={heading} tabIndex={-1}>
          {state.title}
        </h2>
        <p>Opening your browser…</p>
      </section>
    );
  }
  if (state.kind === 'waiting') {
    const left = state.flow.expiresAt - now;
    const host = shownHost(state.flow.authorizationHost);
    return (
      <section className="card" aria-labelledby="flow-title" data-testid="flow-waiting">
        <h2 id="flow-title" ref={heading} tabIndex={-1}>
          Finish signing in in your browser
        </h2>
        <p>
          {state.title}: Storelink opened {platform}’s sign-in page in your web browser
          {host ? (
            <>
              {' '}
              (its address starts with <strong>https://{host}</strong>)
            </>
          ) : null}
          . Sign in there and choose what to allow; this window updates by itself when you are done.
        </p>
        <p>
          Time left:{' '}
          <span className="big-countdown" data-testid="flow-countdown">
            {formatDuration(left)}
          </span>{' '}
          <span className="muted">(until {formatDateTime(state.flow.expiresAt)})</span>
        </p>
        {props.onEdit ? (
          <div className="notice info" data-testid="wrong-details-hint">
            <p>
              If the page shows an error instead of a sign-in (for example “invalid client”, “unknown app” or “redirect URI mismatch”), the details you entered
              do not match your app at {platform}: press Edit details, correct them and continue again, because Storelink cannot see that page and would keep
              waiting.
            </p>
          </div>
        ) : null}
        <div className="button-row">
          <PageActions onReopen={props.onReopen} onCopy={props.onCopy} platform={platform} />
          {props.onEdit ? (
            <button type="button" onClick={props.onEdit}>
              Edit details
            </button>
          ) : null}
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
        <h2 id="flow-title" ref={heading} tabIndex={-1}>
          Connecting was cancelled
        </h2>
        <p>Nothing was connected; you can close the browser tab.</p>
        <RetryActions {...props} />
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="flow-title" data-testid="flow-failed">
      <h2 id="flow-title" ref={heading} tabIndex={-1}>
        {state.title}: not connected
      </h2>
      <ErrorNotice error={state.error} />
      <RetryActions {...props} />
    </section>
  );
}

function RetryActions(props: Pick<FlowActions, 'onRetry' | 'onBack' | 'onEdit'>) {
  return (
    <div className="button-row">
      {props.onEdit ? (
        <button type="button" className="primary" onClick={props.onEdit}>
          Edit details
        </button>
      ) : null}
      <button type="button" className={props.onEdit ? '' : 'primary'} onClick={props.onRetry}>
        Try again
      </button>
      <button type="button" onClick={props.onBack}>
        Back to connections
      </button>
    </div>
  );
}
