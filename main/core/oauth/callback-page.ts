/**
 * The page the loopback listener shows in the browser after sign-in (security.md #24): no external
 * resources, no script, strict headers, every dynamic string HTML-escaped.
 */
export interface CallbackPage {
  ok: boolean;
  title: string;
  message: string;
}

export const CALLBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderCallbackPage(page: CallbackPage): string {
  const accent = page.ok ? '#1a7f37' : '#b42318';
  const icon = page.ok ? '&#10003;' : '!';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} - Storelink</title>
<style>
:root{color-scheme:light dark}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:Canvas;color:CanvasText}
main{max-width:32rem;padding:2rem;text-align:center}
.icon{display:inline-grid;place-items:center;width:3rem;height:3rem;border-radius:50%;background:${accent};color:#fff;font-size:1.5rem;font-weight:700}
h1{font-size:1.5rem;margin:1rem 0 .5rem}
</style></head>
<body><main><div class="icon" aria-hidden="true">${icon}</div>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
<p>You can close this tab and return to Storelink.</p>
</main></body></html>`;
}
