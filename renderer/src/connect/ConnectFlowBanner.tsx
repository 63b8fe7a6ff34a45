import { explain } from '../errors/explain.ts';
import type { FlowState } from '../hooks/useConnectFlow.ts';
import { formatDuration } from '../format/intl.ts';
import { useNow } from '../hooks/useNow.ts';
import { PageActions, type FlowActions } from './FlowPanel.tsx';

/**
 * The connect flow seen from any other screen (app shell): a pending sign-in with "Open the page
 * again" and "Copy link", or its failure, so nothing is missed while the admin looks elsewhere.
 */
export function ConnectFlowBanner(props: { state: FlowState; platform: string; onShow(): void; onDismiss(): void } & FlowActions) {
  const { state, platform } = props;
  const now = useNow(1000);
  if (state.kind === 'waiting') {
    return (
      <section className="notice info flow-banner" aria-label="Sign-in waiting" data-testid="flow-banner" data-flow-state="waiting">
        <p>
          <strong>{state.title}:</strong> finish signing in to {platform} in your browser ({formatDuration(state.flow.expiresAt - now)} left).
        </p>
        <div className="button-row">
          <PageActions onReopen={props.onReopen} onCopy={props.onCopy} platform={platform} />
          <button type="button" onClick={props.onShow}>
            Show details
          </button>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </section>
    );
  }
  if (state.kind === 'failed') {
    const { title, next } = explain(state.error);
    return (
      <section className="notice error flow-banner" role="alert" aria-label="Connecting failed" data-testid="flow-banner" data-flow-state="failed">
        <p data-error-code={state.error.code}>
          <strong>{state.title}: not connected.</strong> {title} {next}
        </p>
        <div className="button-row">
          {props.onEdit ? (
            <button type="button" className="primary" onClick={props.onEdit}>
              Edit details
            </button>
          ) : (
            <button type="button" className="primary" onClick={props.onRetry}>
              Try again
            </button>
          )}
          <button type="button" onClick={props.onDismiss}>
            Dismiss
          </button>
        </div>
      </section>
    );
  }
  return null;
}
