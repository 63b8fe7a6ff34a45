import { useEffect, useRef, useState } from 'react';
import type { ConnectionView, HealthGroup } from '../../../shared/view-models.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { focusElement, focusMainHeading } from '../hooks/focus.ts';
import type { ConnectionsState } from '../hooks/useConnections.ts';
import { useNow } from '../hooks/useNow.ts';
import { ConnectionCard } from './ConnectionCard.tsx';
import { DisconnectDialog } from './DisconnectDialog.tsx';
import { FirstRun } from './FirstRun.tsx';
import { HEALTH_GROUPS, HEALTH_GROUP_LABEL, groupOf } from './health-groups.ts';

export function ConnectionsScreen(props: {
  state: ConnectionsState;
  highlightId: string | null;
  demoBusy: boolean;
  onConnect(): void;
  onDemo(): void;
  onReconnect(c: ConnectionView): void;
}) {
  const { connections, loaded, error } = props.state;
  const [filter, setFilter] = useState<HealthGroup | 'all'>('all');
  const [disconnecting, setDisconnecting] = useState<ConnectionView | null>(null);
  const now = useNow(1000);

  // Focus the new connection once, when it appears; later list updates (a refresh) must not move focus.
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    const id = props.highlightId;
    if (!id || focusedFor.current === id) return;
    const card = document.querySelector<HTMLElement>(`[data-connection-id="${CSS.escape(id)}"]`);
    if (!card) return;
    focusedFor.current = id;
    card.focus();
  }, [props.highlightId, connections]);

  // After a disconnect's result dialog closes, its card (and the Disconnect button that opened the dialog)
  // is gone or about to go: focus the connection that stays for the same store (a duplicate's copy was
  // removed), else another card, else the screen heading. Done in the effect that follows the dialog's
  // unmount (after the dialog hands focus back to its opener), so focus never rests on <body>.
  const removed = useRef<{ id: string; keptId?: string } | null>(null);
  useEffect(() => {
    const r = removed.current;
    if (disconnecting || !r) return;
    removed.current = null;
    const cards = Array.from(document.querySelectorAll<HTMLElement>('article.connection')).filter((el) => el.dataset.connectionId !== r.id);
    const kept = cards.find((el) => el.dataset.connectionId === r.keptId);
    if (!focusElement(kept ?? cards[0])) focusMainHeading();
  }, [disconnecting]);

  if (!loaded) return <p>Loading connections…</p>;
  // Grouped by main's derived health (issue 10), the same derivation as each card's words.
  const shown = filter === 'all' ? connections : connections.filter((c) => groupOf(c) === filter);
  const count = (g: HealthGroup) => connections.filter((c) => groupOf(c) === g).length;

  return (
    <section aria-labelledby="connections-title">
      <div className="conn-head">
        <h1 id="connections-title">Connections</h1>
        <button type="button" className="primary" onClick={props.onConnect}>
          Connect a store
        </button>
      </div>
      {error ? <ErrorNotice error={error} heading="Could not load connections" /> : null}
      {connections.length === 0 ? (
        <FirstRun onDemo={props.onDemo} onConnect={props.onConnect} busy={props.demoBusy} />
      ) : (
        <>
          <div className="toolbar">
            <div>
              <label htmlFor="status-filter">Show</label>
              <select id="status-filter" value={filter} onChange={(e) => setFilter(e.target.value as HealthGroup | 'all')}>
                <option value="all">All connections ({connections.length})</option>
                {HEALTH_GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {HEALTH_GROUP_LABEL[g]} ({count(g)})
                  </option>
                ))}
              </select>
            </div>
          </div>
          {shown.length === 0 ? <p className="muted">No connection has this status.</p> : null}
          {shown.map((c) => (
            <ConnectionCard
              key={c.id}
              connection={c}
              now={now}
              highlighted={c.id === props.highlightId}
              onReconnect={props.onReconnect}
              onDisconnect={setDisconnecting}
            />
          ))}
        </>
      )}
      {disconnecting ? (
        <DisconnectDialog
          connection={disconnecting}
          onClose={(wasRemoved) => {
            if (wasRemoved)
              removed.current = { id: disconnecting.id, ...(disconnecting.duplicateOf ? { keptId: disconnecting.duplicateOf.connectionId } : {}) };
            setDisconnecting(null);
          }}
        />
      ) : null}
    </section>
  );
}
