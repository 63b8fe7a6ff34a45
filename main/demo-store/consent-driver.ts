/**
 * Test helper: answers an authorization server's consent page over plain HTTP, without a browser.
 * It fetches the authorization URL, reads the HTML form (hidden inputs, scope checkboxes, the
 * Authorize / Deny buttons), posts it the way a browser would, and returns the 303 `Location`
 * (RFC 6749 §4.1.2). Error messages never include the URL, the code or any form value.
 */

interface FormControl {
  tag: 'input' | 'button';
  attrs: Record<string, string>;
  text: string;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower]!;
  });
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function parseForm(html: string): { action: string; method: string; controls: FormControl[] } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('consent page has no form');
  const formAttrs = parseAttrs(form[1]!);
  const controls: FormControl[] = [];
  const re = /<input\b([^>]*)>|<button\b([^>]*)>([\s\S]*?)<\/button>/gi;
  for (let m = re.exec(form[2]!); m; m = re.exec(form[2]!)) {
    if (m[1] !== undefined) controls.push({ tag: 'input', attrs: parseAttrs(m[1]), text: '' });
    else controls.push({ tag: 'button', attrs: parseAttrs(m[2]!), text: m[3]!.replace(/<[^>]*>/g, '').trim() });
  }
  return { action: formAttrs.action ?? '', method: (formAttrs.method ?? 'get').toLowerCase(), controls };
}

function pickButton(controls: FormControl[], deny: boolean): FormControl | undefined {
  const buttons = controls.filter((c) => c.tag === 'button' || (c.tag === 'input' && (c.attrs.type ?? '').toLowerCase() === 'submit'));
  const wanted = deny ? /deny|reject|cancel|decline/i : /allow|authori[sz]e|approve|accept|grant/i;
  return buttons.find((b) => wanted.test(b.attrs.value ?? '') || wanted.test(b.text));
}

/**
 * Completes the consent step for `authorizationUrl` and returns the `Location` of the final
 * redirect (code + state + iss, or an `error`). With `deny` it presses Deny; `uncheck` lists scope
 * values to untick before authorizing. If the authorization endpoint redirects at once (an error
 * response, RFC 6749 §4.1.2.1), that Location is returned.
 */
export async function approveConsent(authorizationUrl: string, opts: { deny?: boolean; uncheck?: string[] } = {}): Promise<string> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  if (page.status >= 300 && page.status < 400) {
    await page.body?.cancel();
    const location = page.headers.get('location');
    if (!location) throw new Error(`authorization endpoint answered ${page.status} without Location`);
    return new URL(location, authorizationUrl).toString();
  }
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorization endpoint answered ${page.status} instead of a consent page`);
  const form = parseForm(html);
  if (form.method !== 'post') throw new Error('consent form does not use POST');
  const body = new URLSearchParams();
  const unchecked = new Set(opts.uncheck ?? []);
  for (const control of form.controls) {
    if (control.tag !== 'input' || control.attrs.name === undefined) continue;
    const type = (control.attrs.type ?? 'text').toLowerCase();
    if (type === 'submit' || type === 'button' || type === 'reset') continue;
    if (type === 'checkbox' || type === 'radio') {
      const value = control.attrs.value ?? 'on';
      if ('checked' in control.attrs && !unchecked.has(value)) body.append(control.attrs.name, value);
      continue;
    }
    body.append(control.attrs.name, control.attrs.value ?? '');
  }
  const button = pickButton(form.controls, opts.deny ?? false);
  if (!button) throw new Error(`consent form has no ${opts.deny ? 'deny' : 'authorize'} button`);
  if (button.attrs.name) body.append(button.attrs.name, button.attrs.value ?? '');
  const action = new URL(form.action || authorizationUrl, authorizationUrl);
  const answer = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: action.origin },
    body: body.toString(),
  });
  await answer.body?.cancel();
  const location = answer.headers.get('location');
  if (answer.status < 300 || answer.status >= 400 || !location) {
    throw new Error(`consent form answered ${answer.status} instead of a redirect`);
  }
  return new URL(location, action).toString();
}
