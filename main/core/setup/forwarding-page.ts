/**
 * The https forwarding page Storelink writes for platforms that only redirect to a registered https
 * URL (Square production, Etsy; providers.md "https-forwarder"). The admin hosts it at that URL.
 * It holds no secret: it reads the loopback port from the `state` prefix (`{port}.{random}`, set by
 * main/core/connections/connect-flow.ts) and replaces itself with
 * `http://127.0.0.1:{port}/callback?{the same query}` (RFC 8252 §7.3), so only this computer's
 * loopback listener ever sees the code. Anything else is never a redirect target.
 */
import { escapeHtml } from './escape-html.ts';

export function forwardingPageFileName(providerId: string): string {
  return `storelink-${providerId.replace(/[^a-z0-9-]/gi, '')}-forwarding.html`;
}

export function forwardingPageHtml(platformName: string): string {
  const name = escapeHtml(platformName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>Storelink: ${name} sign-in</title>
</head>
<body>
<p id="storelink-message">Passing your ${name} sign-in on to Storelink on this computer…</p>
<noscript><p>This page needs JavaScript to pass the sign-in on to Storelink.</p></noscript>
<script>
(function () {
  var query = new URLSearchParams(location.search);
  var port = (query.get('state') || '').split('.')[0];
  if (/^[1-9][0-9]{0,4}$/.test(port) && Number(port) <= 65535) {
    location.replace('http://127.0.0.1:' + port + '/callback' + location.search);
  } else {
    document.getElementById('storelink-message').textContent =
      'This page passes ${name} sign-ins on to the Storelink app. Start connecting from Storelink.';
  }
})();
</script>
</body>
</html>
`;
}
