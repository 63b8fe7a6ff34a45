import { useState } from 'react';
import type { ProviderView } from '../../../shared/view-models.ts';

/** The scopes a new form asks for: the required ones; optional ones are opt-in. */
export function initialScopes(p: ProviderView): string[] {
  return p.scopes.filter((s) => s.required).map((s) => s.name);
}

/**
 * Exactly the scopes Storelink will ask for: the required ones as a list, the optional ones as
 * opt-in checkboxes (ticked ones are added to the request); editable for generic OpenID providers.
 */
export function ScopePicker(props: { provider: ProviderView; selected: string[]; onChange(scopes: string[]): void }) {
  const { provider: p, selected, onChange } = props;
  const [extra, setExtra] = useState('');
  if (!p.scopesEditable) {
    if (p.scopes.length === 0) return null;
    const required = p.scopes.filter((s) => s.required);
    const optional = p.scopes.filter((s) => !s.required);
    const toggleOptional = (name: string, on: boolean) => onChange(on ? [...new Set([...selected, name])] : selected.filter((s) => s !== name));
    return (
      <fieldset className="field" data-testid="scope-request">
        <legend>Storelink will ask for</legend>
        <ul className="scopes">
          {required.map((s) => (
            <li key={s.name} data-requested-scope={s.name}>
              <code>{s.name}</code> <span>{s.description}</span>
            </li>
          ))}
        </ul>
        {optional.length > 0 ? (
          <>
            <p className="help">You can also allow (only if your app at {p.name} is set up for it):</p>
            {optional.map((s) => (
              <div key={s.name} className="check-row">
                <input id={`scope-${s.name}`} type="checkbox" checked={selected.includes(s.name)} onChange={(e) => toggleOptional(s.name, e.target.checked)} />{' '}
                <label htmlFor={`scope-${s.name}`}>
                  <code>{s.name}</code> — {s.description}
                </label>
              </div>
            ))}
          </>
        ) : null}
      </fieldset>
    );
  }
  const known = new Set(p.scopes.map((s) => s.name));
  const custom = selected.filter((s) => !known.has(s));
  const toggle = (name: string, on: boolean) => onChange(on ? [...selected, name] : selected.filter((s) => s !== name));
  const addExtra = () => {
    const names = extra.split(/[\s,]+/).filter((n) => n && !selected.includes(n));
    if (names.length) onChange([...selected, ...names]);
    setExtra('');
  };
  return (
    <fieldset className="field">
      <legend>Permissions to ask for</legend>
      {p.scopes.map((s) => (
        <div key={s.name} className="check-row">
          <input id={`scope-${s.name}`} type="checkbox" checked={selected.includes(s.name)} onChange={(e) => toggle(s.name, e.target.checked)} />{' '}
          <label htmlFor={`scope-${s.name}`}>
            <code>{s.name}</code> — {s.description}
            {s.required ? ' (Storelink needs this)' : ''}
          </label>
        </div>
      ))}
      {custom.map((name) => (
        <div key={name} className="check-row">
          <input id={`scope-${name}`} type="checkbox" checked onChange={() => toggle(name, false)} />{' '}
          <label htmlFor={`scope-${name}`}>
            <code>{name}</code> (added by you)
          </label>
        </div>
      ))}
      <label htmlFor="extra-scopes">Add other permissions (space-separated)</label>
      <input id="extra-scopes" type="text" value={extra} onChange={(e) => setExtra(e.target.value)} spellCheck={false} />{' '}
      <button type="button" onClick={addExtra} disabled={!extra.trim()}>
        Add
      </button>
    </fieldset>
  );
}
