import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startLoopbackListener } from '../../main/core/oauth/loopback-listener.ts';

/** Counts onCallback calls; every call is a wrong-state, non-final one. */
async function listen(calls: URLSearchParams[]) {
  const l = await startLoopbackListener({
    onCallback: async (params) => {
      calls.push(params);
      return { final: false, page: { ok: false, title: 'Sign-in response rejected', message: 'wrong state' } };
    },
  });
  return { l, host: `127.0.0.1:${l.port}` };
}

/** Sends raw bytes and returns the status line. */
function rawStatusLine(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(bytes));
    let data = '';
    s.on('data', (d) => (data += d.toString('latin1')));
    s.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
    s.on('error', reject);
  });
}

test('security.md #21: a second Host header or an absolute-form target naming another host never reaches onCallback (RFC 9112 §3.2, §3.2.2)', async () => {
  const calls: URLSearchParams[] = [];
  const { l, host } = await listen(calls);
  try {
    const dup = await rawStatusLine(l.port, `GET /callback?code=c&state=x HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    assert.match(dup, / (400|403) /);
    const abs = await rawStatusLine(l.port, `GET http://evil.example/callback?code=c&state=x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.match(abs, / (400|403|404) /);
    assert.equal(calls.length, 0, 'onCallback was reached by a request whose authority is not 127.0.0.1:{port}');
  } finally {
    await l.close();
  }
});
