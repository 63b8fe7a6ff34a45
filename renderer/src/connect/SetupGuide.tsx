import { useId, useState, type KeyboardEvent } from 'react';
import type { ProviderView, SetupGuideView } from '../../../shared/view-models.ts';
import type { ErrorView } from '../../../shared/error-codes.ts';
import { errorViewOf, storelink, unwrap } from '../api.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import './setup-guide.css';

/**
 * What to do at the platform before connecting (issue 8 item 7): numbered steps with links to the
 * platform's own docs (opened in the system browser by main, only the guide's pages), the exact
 * values to copy, and for https-forwarder platforms the forwarding page to save and test.
 */
export function SetupGuide(props: { provider: ProviderView }) {
  const { guide } = props.provider;
  if (!guide) return null;
  return (
    <details className="setup-guide" open data-testid="setup-guide">
      <summary>
        <h3>How to set up {props.provider.name}</h3>
      </summary>
      <ol className="setup-steps">
        {guide.steps.map((s, i) => (
          <li key={i}>
            {s.text} {s.link ? <DocLink {...s.link} /> : null}
          </li>
        ))}
      </ol>
      {guide.values.length > 0 ? <CopyValues values={guide.values} /> : null}
      {guide.forwardingPage ? <ForwardingPageTools provider={props.provider} /> : null}
    </details>
  );
}

/** A docs link: main opens it in the system browser (never inside Storelink). */
function DocLink(props: { label: string; url: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <a
        href={props.url}
        target="_blank"
        rel="noreferrer"
        onClick={(e) => {
          e.preventDefault();
          setProblem(null);
          unwrap(storelink().openSetupDoc({ url: props.url })).catch((err: unknown) => setProblem(errorViewOf(err).message));
        }}
      >
        {props.label}
        <span className="sr-only"> (opens in your web browser)</span>
      </a>
      {problem ? <span className="error"> {problem}</span> : null}
    </>
  );
}

/** Puts `text` on the clipboard; falls back to a selected textarea where the async API is refused. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Electron denies clipboard permissions to this window (navigation-guard.ts): use a user-gesture copy.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'sr-only';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

function CopyValues(props: { values: SetupGuideView['values'] }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="setup-values">
      <h4>Values to copy</h4>
      <dl>
        {props.values.map((v) => (
          <div key={v.label} className="setup-value">
            <dt>{v.label}</dt>
            <dd>
              <code data-testid="setup-value">{v.value}</code>{' '}
              <button
                type="button"
                aria-label={`Copy ${v.label}`}
                onClick={() =>
                  copyText(v.value).then(
                    () => setCopied(v.label),
                    () => setCopied(`!${v.label}`),
                  )
                }
              >
                Copy
              </button>
              {v.note ? <span className="help"> {v.note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="sr-only" role="status">
        {copied === null ? '' : copied.startsWith('!') ? `Could not copy ${copied.slice(1)}; select it and copy it by hand.` : `${copied} copied.`}
      </p>
      {copied !== null ? (
        <p className="help" aria-hidden="true" data-testid="copy-status">
          {copied.startsWith('!') ? `Could not copy ${copied.slice(1)}; select it and copy it by hand.` : `Copied: ${copied}`}
        </p>
      ) : null}
    </div>
  );
}

function ForwardingPageTools(props: { provider: ProviderView }) {
  const p = props.provider;
  const inputId = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  const save = () => {
    setError(null);
    unwrap(storelink().saveForwardingPage({ providerId: p.id })).then(
      (r) => setSaved(r.saved ? 'Saved. Upload this file to your https web address, then test it below.' : 'Not saved.'),
      (err: unknown) => setError(errorViewOf(err)),
    );
  };
  const test = () => {
    setError(null);
    setResult(null);
    setTesting(true);
    unwrap(storelink().testForwardingPage({ providerId: p.id, pageUrl: address.trim() })).then(
      (r) => {
        setResult(r);
        setTesting(false);
      },
      (err: unknown) => {
        setError(errorViewOf(err));
        setTesting(false);
      },
    );
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // inside the connect form: Enter tests the page instead of submitting
    if (!testing) test();
  };

  return (
    <div className="setup-forwarding">
      <h4>Your forwarding page</h4>
      <p>
        A small web page that holds no secret: it passes {p.name}’s sign-in answer on to Storelink on this computer. Save it, upload it to your https web
        address, and register that address at {p.name}.
      </p>
      <div className="button-row">
        <button type="button" onClick={save}>
          Save the forwarding page…
        </button>
      </div>
      {saved ? (
        <p className="help" role="status" data-testid="forwarding-saved">
          {saved}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={inputId}>Address of your forwarding page (https)</label>
        <input
          id={inputId}
          type="url"
          value={address}
          placeholder="https://example.com/storelink.html"
          spellCheck={false}
          onChange={(e) => setAddress(e.target.value)}
          onKeyDown={onKey}
          data-testid="forwarding-test-url"
        />
      </div>
      <div className="button-row">
        <button type="button" onClick={test} disabled={testing || address.trim() === ''}>
          {testing ? 'Waiting for the test in your browser…' : 'Test my forwarding page'}
        </button>
      </div>
      <div role="status" data-testid="forwarding-test-result">
        {result ? <p className={result.ok ? 'notice ok' : 'notice error'}>{result.message}</p> : null}
      </div>
      {error ? <ErrorNotice error={error} heading="That did not work" /> : null}
    </div>
  );
}
