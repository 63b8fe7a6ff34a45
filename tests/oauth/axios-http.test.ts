import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { HttpError, ErrorCode } from '../../main/core/errors.ts';
import { createAxiosHttp } from '../../main/core/http/axios-http.ts';
import { closedPort, startServer, type TestServer } from './helpers.ts';

const TEN_MB = 10 * 1024 * 1024;
let srv: TestServer;
const timers = new Set<NodeJS.Timeout>();

before(async () => {
  srv = await startServer((req, res) => {
    switch (req.url) {
      case '/big': {
        // 10 MB in 64 KB chunks, no Content-Length (chunked), so the limit must be enforced while reading
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = (): void => {
          while (sent < TEN_MB) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      case '/gzip-bomb': {
        const z = gzipSync(Buffer.alloc(TEN_MB, 0x20));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': z.length });
        res.end(z);
        return;
      }
      case '/drip': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const t = setInterval(() => {
          if (res.destroyed) {
            clearInterval(t);
            timers.delete(t);
          } else res.write(' ');
        }, 200);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      case '/redirect':
        res.writeHead(302, { Location: 'https://evil.example/steal' });
        res.end();
        return;
      case '/echo':
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Multi': 'a' });
        res.end(JSON.stringify({ method: req.method, ua: req.headers['user-agent'], body: req.body }));
        return;
      default:
        res.writeHead(418);
        res.end('teapot');
    }
  });
});
after(async () => {
  for (const t of timers) clearInterval(t);
  await srv.close();
});

async function errCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HttpError, `not an HttpError: ${String(err)}`);
    return err.code;
  }
  return 'resolved';
}

test('security.md #37: plain responses of any status resolve with text body and lower-cased headers', async () => {
  const http = createAxiosHttp({ userAgent: 'Storelink-test' });
  const res = await http.request({ method: 'POST', url: `${srv.base}/echo`, body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers['x-multi'], 'a');
  assert.equal(typeof res.body, 'string');
  assert.deepEqual(JSON.parse(res.body), { method: 'POST', ua: 'Storelink-test', body: 'a=1' });
  const tea = await http.request({ method: 'GET', url: `${srv.base}/other` });
  assert.equal(tea.status, 418);
  assert.equal(tea.body, 'teapot');
});

test('security.md #37: a 10 MB body is response_too_large with bounded memory', async () => {
  const http = createAxiosHttp();
  const rss0 = process.memoryUsage().rss;
  assert.equal(await errCode(http.request({ method: 'GET', url: `${srv.base}/big`, maxBytes: 256 * 1024 })), ErrorCode.ResponseTooLarge);
  assert.equal(await errCode(http.request({ method: 'GET', url: `${srv.base}/big` })), ErrorCode.ResponseTooLarge); // default 2 MiB
  const grew = process.memoryUsage().rss - rss0;
  assert.ok(grew < 64 * 1024 * 1024, `RSS grew by ${Math.round(grew / 1048576)} MB`);
});

test('security.md #37: a gzip bomb (10 MB of spaces in ~10 KB) is response_too_large after decompression', async () => {
  const http = createAxiosHttp();
  assert.equal(await errCode(http.request({ method: 'GET', url: `${srv.base}/gzip-bomb`, maxBytes: 256 * 1024 })), ErrorCode.ResponseTooLarge);
});

test('security.md #37: a slow drip (1 byte / 200 ms) ends in http_timeout instead of hanging', async () => {
  const http = createAxiosHttp();
  // no timing assertion: the test finishing at all (node --test would hang otherwise) is the proof
  assert.equal(await errCode(http.request({ method: 'GET', url: `${srv.base}/drip`, timeoutMs: 1000 })), ErrorCode.HttpTimeout);
});

test('security.md #37: a 302 to another host is unexpected_redirect and is not followed', async () => {
  const http = createAxiosHttp();
  const n = srv.requests.length;
  assert.equal(await errCode(http.request({ method: 'GET', url: `${srv.base}/redirect` })), ErrorCode.UnexpectedRedirect);
  assert.equal(srv.requests.length, n + 1);
});

test('security.md #37: connection refused is http_network; a malformed URL is invalid_input; messages name only the host', async () => {
  const http = createAxiosHttp();
  const port = await closedPort();
  try {
    await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/x?access_token=AT-canary` });
    assert.fail('resolved');
  } catch (err) {
    assert.ok(err instanceof HttpError);
    assert.equal(err.code, ErrorCode.HttpNetwork);
    assert.doesNotMatch(err.message, /canary|access_token/);
  }
  assert.equal(await errCode(http.request({ method: 'GET', url: 'not a url' })), ErrorCode.InvalidInput);
});
