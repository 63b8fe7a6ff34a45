import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProviderView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { PlatformMark } from '../components/PlatformMark.tsx';
import { connectDraft } from '../state/connect-draft.ts';
import { FieldInput } from './FieldInput.tsx';
import { ScopePicker, initialScopes } from './ScopePicker.tsx';
import { SetupGuide } from './SetupGuide.tsx';
import { validateAll } from './validate.ts';

export type StartInput = { providerId: string; fields: Record<string, string>; scopes?: string[] };

/** A sentence ends with a full stop (profile reasons are written without one). */
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/**
 * The form a provider profile asks for; api-key and client-credentials providers connect here
 * directly (no browser sign-in), browser OAuth ones start a flow. Values (secret included) live in
 * the in-memory draft, so cancel or failure keeps them.
 */
export function ProviderForm(props: { provider: ProviderView; onStartOAuth(input: StartInput): void; onConnected(connectionId: string): void }) {
  const p = props.provider;
  const direct = p.kind === 'api-key' || p.kind === 'oauth-client-credentials';
  const draft = connectDraft.get(p.id);
  const [values, setValues] = useState<Record<string, string>>(() => draft?.values ?? Object.fromEntries(p.fields.map((f) => [f.name, f.default ?? ''])));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [scopes, setScopes] = useState<string[]>(() =>
    p.scopesEditable ? (draft?.scopes ?? initialScopes(p)) : [...initialScopes(p), ...(draft?.optionalScopes ?? [])],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const problems = validateAll(p.fields, values);
  // A failed key check: the failure takes focus, so it is read and the keyboard is next to it.
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const remember = (nextValues: Record<string, string>, nextScopes: string[]) => {
    const required = new Set(initialScopes(p));
    connectDraft.set(p.id, {
      values: nextValues,
      optionalScopes: nextScopes.filter((s) => !required.has(s)),
      ...(p.scopesEditable ? { scopes: nextScopes } : {}),
    });
  };
  const changeValue = (name: string, v: string) =>
    setValues((old) => {
      const next = { ...old, [name]: v };
      remember(next, scopes);
      return next;
    });
  const changeScopes = (next: string[]) => {
    setScopes(next);
    remember(values, next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setSubmitted(true);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`field-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    remember(values, scopes);
    const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    if (!direct) {
      // Exactly what the list above shows: the required scopes plus the optional ones ticked.
      props.onStartOAuth({ providerId: p.id, fields, ...(p.scopes.length > 0 ? { scopes } : {}) });
      return;
    }
    setBusy(true);
    setError(null);
    unwrap(storelink().connectWithKey({ providerId: p.id, fields })).then(
      (c) => props.onConnected(c.id),
      (err: unknown) => {
        setError(errorViewOf(err));
        setBusy(false);
      },
    );
  };

  const forwarderNote = p.redirect === 'https-forwarder' ? p.notes[0] : undefined;
  const otherNotes = forwarderNote === undefined ? p.notes : p.notes.slice(1);

  return (
    <form onSubmit={submit} noValidate aria-labelledby="provider-form-title">
      <h2 id="provider-form-title" className="with-mark" tabIndex={-1}>
        <PlatformMark providerId={p.id} icon={p.icon} /> <span>Connect {p.name}</span>
      </h2>
      {forwarderNote ? (
        <p className="notice warning" data-testid="forwarder-notice">
          {sentence(forwarderNote)}
        </p>
      ) : null}
      <SetupGuide provider={p} />
      {otherNotes.map((n) => (
        <p key={n} className="notice info">
          {sentence(n)}
        </p>
      ))}
      {p.fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          value={values[f.name] ?? ''}
          problem={problems[f.name] ?? null}
          show={submitted || touched.has(f.name) || (values[f.name] ?? '') !== (f.default ?? '')}
          onChange={(v) => changeValue(f.name, v)}
          onBlur={() => setTouched((old) => new Set(old).add(f.name))}
        />
      ))}
      {!direct ? <ScopePicker provider={p} selected={scopes} onChange={changeScopes} /> : null}
      {error ? <ErrorNotice ref={errorRef} error={error} heading="Could not connect" /> : null}
      <div className="button-row">
        <button type="submit" className="primary" aria-disabled={busy || undefined}>
          {direct ? (busy ? 'Checking the keys…' : 'Connect') : 'Continue in browser'}
        </button>
      </div>
    </form>
  );
}
