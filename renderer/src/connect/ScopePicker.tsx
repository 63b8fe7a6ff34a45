import { useState } from 'react';
import type { ProviderView } from '../../../shared/view-models.ts';

/** The scopes Storelink will ask for: a fixed list, or editable for generic OpenID providers. */
export function ScopePicker(props: { provider: ProviderView; selected: string[]; onChange(scopes: string[]): void }) {
  const { provider: p, selected, onChange } = props;
  const [extra, setExtra] = useState('');
  if (!p.scopesEditable) {
    if (p.scopes.length === 0) return null;
    return (
      <fieldset className="field">
        <legend>Storelink will ask for</legend>
        <ul className="scopes">
          {p.scopes.map((s) => (
            <li key={s.name}>
              <code>{s.name}</code> <span>{s.description}</span>
            </li>
          ))}
        </ul>
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
