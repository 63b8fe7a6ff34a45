import type { ScopeState, ScopeView } from '../../../shared/view-models.ts';

/** Each permission's state as main derived it (connection-health.ts); without one, the grant as recorded. */
function stateOf(s: ScopeView, state: ScopeState | undefined): ScopeState {
  return state ?? (s.granted ? 'granted' : s.required ? 'missing' : 'optional-missing');
}

/** Scopes with what each lets Storelink do; needed-but-missing ones offer re-authorization; none shows "Granted" on a dead connection. */
export function ScopeList({ scopes, states, onReauthorize }: { scopes: ScopeView[]; states?: ScopeState[]; onReauthorize: () => void }) {
  if (scopes.length === 0) return <p className="muted">This connection uses keys without named permissions.</p>;
  return (
    <ul className="scopes" aria-label="Permissions">
      {scopes.map((s, i) => {
        const state = stateOf(s, states?.[i]);
        return (
          <li key={s.name} data-scope={s.name} data-granted={s.granted} data-state={state}>
            <code>{s.name}</code>
            <span>{s.description}</span>
            {state === 'granted' ? (
              <span className="scope-state granted">✓ Granted</span>
            ) : state === 'missing' ? (
              <span className="scope-state missing">
                Not granted —{' '}
                <button type="button" onClick={onReauthorize}>
                  Re-authorize to add
                </button>
              </span>
            ) : state === 'inactive' ? (
              <span className="scope-state muted">No longer in effect</span>
            ) : (
              <span className="scope-state muted">Not granted (optional)</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
