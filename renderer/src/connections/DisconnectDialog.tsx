/**
 * Disconnect: says beforehand what will happen (security.md #16), then reports honestly whether
 * access was revoked at the provider or only removed from this computer, and why.
 */
import { useState } from 'react';
import type { ConnectionView, DisconnectResultView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatInteger } from '../format/intl.ts';
import { NOUNS, nounFor } from '../format/plural.ts';
import { useAnnounce } from '../hooks/announcer.tsx';
import { connectionLabel } from './label.ts';

/** One statement of what happened, and the way to remove access at the platform said once (the reason often says it already). */
export function localOnlyText(reason: string | undefined, platform: string): string {
  const why = reason?.trim().replace(/[.\s]+$/, '');
  const head = why ? `Removed from this computer only: ${why}.` : 'Removed from this computer only.';
  return /remove|delete|revoke/i.test(why ?? '') ? head : `${head} You can remove Storelink’s access in ${platform}’s own settings.`;
}

type Phase = { kind: 'confirm' } | { kind: 'working' } | { kind: 'done'; result: DisconnectResultView } | { kind: 'failed'; error: ErrorView };

/** `onClose(removed)`: removed = the connection is gone, so the caller moves focus to what is left. */
export function DisconnectDialog({ connection: c, onClose }: { connection: ConnectionView; onClose: (removed: boolean) => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const announce = useAnnounce();
  const name = connectionLabel(c);

  const confirm = () => {
    setPhase({ kind: 'working' });
    unwrap(storelink().disconnect({ connectionId: c.id })).then(
      (result) => {
        setPhase({ kind: 'done', result });
        announce(`${name} disconnected.`);
      },
      (err: unknown) => setPhase({ kind: 'failed', error: errorViewOf(err) }),
    );
  };
  const close = () => {
    if (phase.kind !== 'working') onClose(false);
  };

  if (phase.kind === 'done') {
    const r = phase.result;
    return (
      // A new dialog (key): focus moves to its Close button instead of staying on the removed Disconnect button.
      <Dialog key="result" title={`Disconnected ${name}`} onClose={() => onClose(true)} testId="disconnect-result">
        {r.outcome === 'revoked-at-provider' ? (
          <p className="notice ok" data-outcome="revoked-at-provider">
            Revoked at {c.providerName}: the platform confirmed Storelink’s access is gone.
          </p>
        ) : (
          <p className="notice warn" data-outcome="local-only">
            {localOnlyText(r.reason, c.providerName)}
          </p>
        )}
        {c.duplicateOf ? <p data-testid="duplicate-kept">This store stays connected as “{c.duplicateOf.name}”, with its orders.</p> : null}
        <p>
          Keys deleted from this computer’s keychain. {formatInteger(r.ordersDeleted)} synced {nounFor(r.ordersDeleted, NOUNS.order)} deleted.
        </p>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => onClose(true)}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog key="confirm" title={`Disconnect ${name}?`} onClose={close} testId="disconnect-dialog">
      <p>When you disconnect:</p>
      <ul>
        {c.duplicateOf && c.revocation === 'provider-uninstall' ? (
          <li>
            Storelink leaves its app installed in {c.providerName}: uninstalling it would also end the access of “{c.duplicateOf.name}”, which stays connected
            to this store.
          </li>
        ) : c.revocation === 'unsupported' ? (
          <li>
            {c.providerName} does not let Storelink revoke its access from here
            {c.revocationNote ? `: ${c.revocationNote.trim().replace(/[.\s]+$/, '')}.` : '.'}
            {/remove|delete|revoke/i.test(c.revocationNote ?? '') ? '' : ` You can remove it in ${c.providerName}’s own settings.`}
          </li>
        ) : (
          <li>
            Storelink asks {c.providerName} to {c.revocation === 'provider-uninstall' ? 'uninstall the app' : 'revoke its access'}, and tells you whether that
            worked.
            {c.revocationNote ? ` ${c.revocationNote}` : ''}
          </li>
        )}
        <li>The keys for this connection are deleted from this computer’s keychain.</li>
        {c.duplicateOf ? (
          <li>This copy’s synced orders are deleted from this computer; the store’s orders stay under “{c.duplicateOf.name}”.</li>
        ) : (
          <li>Everything Storelink stored about this store on this computer is deleted, including synced orders.</li>
        )}
      </ul>
      {phase.kind === 'failed' ? <ErrorNotice error={phase.error} heading="Disconnect failed" /> : null}
      <div className="button-row">
        <button type="button" onClick={close} disabled={phase.kind === 'working'}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm} disabled={phase.kind === 'working'}>
          {phase.kind === 'working' ? 'Disconnecting…' : 'Disconnect'}
        </button>
      </div>
    </Dialog>
  );
}
