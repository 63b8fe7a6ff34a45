import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConnectionView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { CONNECTION_NAME_MAX_LENGTH, CONNECTION_NAME_RULE_MESSAGE, connectionNameProblem } from '../../../shared/field-rules.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useAnnounce } from '../hooks/announcer.tsx';

/** "Rename": the admin's own name for a connection (rules in shared/field-rules.ts, checked again in main). */
export function RenameConnection({ connection: c }: { connection: ConnectionView }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [saving, setSaving] = useState(false);
  const announce = useAnnounce();
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const current = c.name ?? c.accountLabel;

  const open = () => {
    setValue(current);
    setProblem(null);
    setError(null);
    setEditing(true);
  };
  // Focus goes back to Rename once the form is gone (after the commit: a timer could run before
  // React removes the form and then find no button, leaving focus on <body>).
  const renameButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    renameButton.current?.focus();
  }, [editing]);
  const close = () => {
    refocus.current = true;
    setEditing(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = connectionNameProblem(value);
    if (p) {
      setProblem(CONNECTION_NAME_RULE_MESSAGE[p]);
      return;
    }
    setSaving(true);
    setError(null);
    unwrap(storelink().renameConnection({ connectionId: c.id, name: value }))
      .then((v) => {
        announce(`Renamed to ${v.name ?? value.trim()}.`);
        close();
      })
      .catch((err: unknown) => setError(errorViewOf(err)))
      .finally(() => setSaving(false));
  };

  if (!editing) {
    return (
      <button type="button" data-rename ref={renameButton} onClick={open}>
        Rename
      </button>
    );
  }
  return (
    <form className="rename" onSubmit={submit} aria-label={`Rename ${current}`}>
      <label htmlFor={inputId}>Name</label>
      <input
        id={inputId}
        value={value}
        maxLength={CONNECTION_NAME_MAX_LENGTH}
        aria-describedby={hintId}
        aria-invalid={problem ? true : undefined}
        autoFocus
        onChange={(e) => {
          setValue(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      />
      <span id={hintId} className={problem ? 'error' : 'muted'}>
        {problem ?? `Up to ${CONNECTION_NAME_MAX_LENGTH} characters, shown in every list.`}
      </span>
      {error ? <ErrorNotice error={error} heading="Could not rename" /> : null}
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save name'}
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
