import { useState, type FormEvent } from 'react';
import type { ProviderView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FieldInput } from './FieldInput.tsx';
import { ScopePicker } from './ScopePicker.tsx';
import { SetupGuide } from './SetupGuide.tsx';
import { validateAll } from './validate.ts';

/** The form a provider profile asks for; api-key and client-credentials providers connect here directly, browser OAuth ones start a flow. */
export function ProviderForm(props: {
  provider: ProviderView;
  onStartOAuth(input: { providerId: string; fields: Record<string, string>; scopes?: string[] }): void;
  onConnected(connectionId: string): void;
}) {
  const p = props.provider;
  // api-key and client-credentials providers connect from this form, with no browser sign-in.
  const direct = p.kind === 'api-key' || p.kind === 'oauth-client-credentials';
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(p.fields.map((f) => [f.name, f.default ?? ''])));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [scopes, setScopes] = useState<string[]>(() => p.scopes.map((s) => s.name));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const problems = validateAll(p.fields, values);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`field-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]));
    if (!direct) {
      props.onStartOAuth({ providerId: p.id, fields, ...(p.scopesEditable ? { scopes } : {}) });
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

  return (
    <form onSubmit={submit} noValidate aria-labelledby="provider-form-title">
      <h2 id="provider-form-title">
        <span className="provider-icon" aria-hidden="true">
          {p.icon}
        </span>{' '}
        Connect {p.name}
      </h2>
      {p.redirect === 'https-forwarder' ? (
        <div className="notice warn" data-testid="forwarder-notice">
          <p>
            <strong>{p.name} only sends you back to an https web address.</strong> To connect from this computer you need an https forwarding page: a plain page
            you host that passes the sign-in answer back to Storelink. It holds no secret. Enter its address below.
          </p>
        </div>
      ) : null}
      {p.kind === 'api-key' ? (
        <p className="notice">
          No browser needed: paste the keys you created in your store’s admin. They are checked with one call and then kept in your computer’s keychain.
        </p>
      ) : null}
      <SetupGuide provider={p} />
      {p.notes.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      {p.fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          value={values[f.name] ?? ''}
          problem={problems[f.name] ?? null}
          show={submitted || touched.has(f.name) || (values[f.name] ?? '') !== (f.default ?? '')}
          onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
          onBlur={() => setTouched((old) => new Set(old).add(f.name))}
        />
      ))}
      {!direct ? <ScopePicker provider={p} selected={scopes} onChange={setScopes} /> : null}
      {error ? <ErrorNotice error={error} heading="Could not connect" /> : null}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {direct ? (busy ? 'Checking the keys…' : 'Connect') : 'Continue in browser'}
        </button>
      </div>
    </form>
  );
}
