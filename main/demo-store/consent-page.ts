/**
 * HTML for the consent and error pages. Self-contained (inline CSS under a nonce, no external
 * resources), accessible (lang, one h1, fieldset/legend, a label per checkbox, AA contrast).
 */
import { randomBytes } from 'node:crypto';
import { CLIENT_NAME, SCOPES } from './config.ts';
import { escapeHtml } from './http-util.ts';

export interface RenderedPage {
  html: string;
  csp: string;
}

const STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: #f4f1ec; color: #1f1a14; }
  main { max-width: 34rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 12px; border: 1px solid #d6cfc4; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  p.lead { margin: 0 0 1.5rem; color: #3d342a; }
  fieldset { border: 1px solid #d6cfc4; border-radius: 8px; padding: 1rem; margin: 0 0 1.5rem; }
  legend { font-weight: 600; padding: 0 .25rem; }
  .scope { display: flex; gap: .75rem; align-items: flex-start; padding: .5rem 0; }
  .scope input { width: 1.25rem; height: 1.25rem; margin-top: .15rem; }
  .scope code { font-size: .85rem; color: #4a4036; }
  .actions { display: flex; gap: 1rem; }
  button { font: inherit; padding: .6rem 1.4rem; border-radius: 8px; cursor: pointer; border: 2px solid #5a3a1a; }
  button.allow { background: #5a3a1a; color: #fff; }
  button.deny { background: #fff; color: #5a3a1a; }
  button:focus-visible, input:focus-visible { outline: 3px solid #1a4f8a; outline-offset: 2px; }
  .error { color: #8a1c1c; }
`;

function page(title: string, body: string, formTarget: string | undefined): RenderedPage {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
  // form-action must also allow the loopback origin the 303 goes to: browsers check redirects too.
  const formAction = formTarget ? `form-action 'self' ${formTarget}` : `form-action 'none'`;
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
  return { html, csp };
}

/**
 * The consent page (RFC 6749 §4.1.1: the server "obtains an authorization decision" from the
 * resource owner). The form carries only a one-time request id; every scope is a checkbox,
 * ticked by default, so the admin may grant less than requested (RFC 6749 §3.3).
 */
export function renderConsentPage(opts: { storeName: string; requestId: string; scopes: string[]; redirectOrigin: string }): RenderedPage {
  const rows = opts.scopes.map((name, i) => {
    const spec = SCOPES.find((s) => s.name === name);
    const description = spec?.description ?? name;
    const id = `scope-${i}`;
    return `<div class="scope">
<input type="checkbox" id="${id}" name="scope" value="${escapeHtml(name)}" checked>
<label for="${id}">${escapeHtml(description)} <code>${escapeHtml(name)}</code></label>
</div>`;
  });
  const store = escapeHtml(opts.storeName);
  const body = `<h1>Connect ${escapeHtml(CLIENT_NAME)} to ${store}</h1>
<p class="lead"><strong>${escapeHtml(CLIENT_NAME)}</strong> is asking for access to your store <strong>${store}</strong>.
Untick anything you do not want to allow.</p>
<form method="post" action="/oauth/decision">
<input type="hidden" name="request_id" value="${escapeHtml(opts.requestId)}">
<fieldset>
<legend>${escapeHtml(CLIENT_NAME)} will be able to:</legend>
${rows.join('\n')}
</fieldset>
<div class="actions">
<button type="submit" class="allow" name="decision" value="allow">Authorize</button>
<button type="submit" class="deny" name="decision" value="deny">Deny</button>
</div>
</form>`;
  return page(`Authorize ${CLIENT_NAME} - ${opts.storeName}`, body, opts.redirectOrigin);
}

/**
 * The page shown instead of redirecting when the client or redirect URI cannot be trusted
 * (RFC 6749 §4.1.2.1: "MUST NOT automatically redirect the user-agent to the invalid redirection URI").
 */
export function renderErrorPage(storeName: string, message: string): RenderedPage {
  const body = `<h1>This request can't be completed</h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
<p>Close this tab and start the connection again from ${escapeHtml(CLIENT_NAME)}. (${escapeHtml(storeName)})</p>`;
  return page(`Authorization error - ${storeName}`, body, undefined);
}
