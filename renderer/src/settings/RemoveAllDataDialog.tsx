/**
 * "Remove all Storelink data" (issue 9 item 4): says beforehand what goes, asks to confirm, then shows
 * honestly per connection whether access was revoked at the store and whether its keychain entry is gone.
 */
import { useState } from 'react';
import type { ErrorView } from '../../../shared/error-codes.ts';
import type { RemoveAllDataResultView, RemovedConnectionView } from '../../../shared/view-models.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatInteger } from '../format/intl.ts';
import { useAnnounce } from '../hooks/announcer.tsx';

type Phase = { kind: 'confirm' } | { kind: 'working' } | { kind: 'done'; result: RemoveAllDataResultView } | { kind: 'failed'; error: ErrorView };

const plural = new Intl.PluralRules('en');
const orders = (n: number) => `${formatInteger(n)} ${plural.select(n) === 'one' ? 'order' : 'orders'}`;

function Outcome({ c }: { c: RemovedConnectionView }) {
  const name = c.accountLabel && c.accountLabel !== c.providerName ? `${c.providerName} — ${c.accountLabel}` : c.providerName;
  return (
    <li className="card" data-removed={c.connectionId} data-revocation={c.revocation} data-keychain={c.keychain}>
      <h3>{name}</h3>
      {c.source === 'queued-revocation' ? <p className="muted">Disconnected earlier; Storelink was still trying to revoke its access.</p> : null}
      {c.revocation === 'revoked' ? (
        <p className="notice ok">Access revoked: {c.providerName} confirmed Storelink can no longer use this store.</p>
      ) : (
        <p className="notice warn">
          Could not revoke access: {c.revocationReason ?? 'the store did not confirm it'}. Remove Storelink in {c.providerName}’s own settings.
        </p>
      )}
      {c.keychain === 'deleted' ? (
        <p>Keys deleted from this computer’s keychain.</p>
      ) : (
        <p className="notice warn">Keychain entry left: {c.keychainReason ?? 'the keychain did not confirm the delete'}.</p>
      )}
      {c.source === 'connection' ? <p>{orders(c.ordersDeleted)} deleted.</p> : null}
    </li>
  );
}

export function RemoveAllDataDialog({ onClose }: { onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const announce = useAnnounce();
  const confirm = () => {
    setPhase({ kind: 'working' });
    unwrap(storelink().removeAllData()).then(
      (result) => {
        setPhase({ kind: 'done', result });
        announce('Storelink data removed. The outcome for each store is shown.');
      },
      (err: unknown) => setPhase({ kind: 'failed', error: errorViewOf(err) }),
    );
  };
  const close = () => {
    if (phase.kind !== 'working') onClose();
  };

  if (phase.kind === 'done') {
    const r = phase.result;
    return (
      <Dialog title="Storelink data removed" onClose={close} testId="remove-all-result">
        {r.connections.length === 0 ? <p>There were no connections to remove.</p> : null}
        {r.connections.length > 0 ? (
          <ul className="removed-list" aria-label="Outcome per store">
            {r.connections.map((c) => (
              <Outcome key={`${c.source}-${c.connectionId}`} c={c} />
            ))}
          </ul>
        ) : null}
        <p>
          {r.activityCleared ? 'Activity history deleted.' : `Activity history could not be deleted: ${r.activityReason ?? 'unknown reason'}.`}{' '}
          {r.settingsReset ? 'Settings set back to the defaults.' : ''}
        </p>
        <div className="button-row">
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Remove all Storelink data?" onClose={close} testId="remove-all-confirm">
      <p>For every connected store, Storelink will:</p>
      <ul>
        <li>ask the store to revoke Storelink’s access (where the store allows it),</li>
        <li>delete its keys from this computer’s keychain,</li>
        <li>delete its saved details and synced orders.</li>
      </ul>
      <p>Your activity history is deleted and your settings go back to the defaults. This cannot be undone.</p>
      {phase.kind === 'failed' ? <ErrorNotice error={phase.error} heading="Could not remove the data" /> : null}
      {phase.kind === 'working' ? (
        <p role="status" aria-live="polite">
          Removing… this can take a few seconds per store.
        </p>
      ) : null}
      <div className="button-row">
        {/* Cancel first: the dialog focuses it, so Enter never removes anything by accident. */}
        <button type="button" onClick={close} disabled={phase.kind === 'working'}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm} disabled={phase.kind === 'working'}>
          Remove all data
        </button>
      </div>
    </Dialog>
  );
}
