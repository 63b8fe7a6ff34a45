import type { ScopeView } from '../../../shared/view-models.ts';

/** Granted scopes with what each lets Storelink do; needed-but-missing ones offer re-authorization. */
export function ScopeList({ scopes, onReauthorize }: { scopes: ScopeView[]; onReauthorize: () => void }) {
  if (scopes.length === 0) return <p className="muted">This connection uses keys without named permissions.</p>;
  return (
    <ul className="scopes" aria-label="Permissions">
      {scopes.map((s) => (
        <li key={s.name} data-scope={s.name} data-granted={s.granted}>
          <code>{s.name}</code>
          <span>{s.description}</span>
          {s.granted ? (
            <span className="scope-state granted">✓ Granted</span>
          ) : s.required ? (
            <span className="scope-state missing">
              Not granted —{' '}
              <button type="button" onClick={onReauthorize}>
                Re-authorize to add
              </button>
            </span>
          ) : (
            <span className="scope-state muted">Not granted (optional)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
