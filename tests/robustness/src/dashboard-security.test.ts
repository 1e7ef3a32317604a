// Security of the dashboard: it binds loopback only by default, rejects a foreign Host header (DNS
// rebinding) and cross-origin requests, and serves no path outside its own: checked with exact
// cases and with random Host headers, origins and paths (fast-check).
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { Meter, estimate } from '@wattlens/core';
import { startDashboard, type Dashboard } from '@wattlens/dashboard';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const runs = Math.ceil(Number(process.env.FUZZ_RUNS ?? 2_000) / 4);
/** The only paths served (docs/dashboard.md). */
const OWN_PATHS = ['/', '/assets/app.js', '/assets/app.css', '/assets/zones.json', '/api/snapshot', '/api/events'];

let dashboard: Dashboard;
let port: number;

beforeAll(async () => {
  const meter = new Meter();
  meter.record(estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 100, outputTokens: 50 }));
  dashboard = await startDashboard({ meter });
  port = dashboard.port;
});

afterAll(async () => {
  await dashboard.close();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** One HTTP request with the path and headers exactly as given (no normalisation, unlike fetch). */
function raw(options: { path: string; method?: string; headers?: Record<string, string>; host?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered: (() => void) | undefined;
    const outgoing = request({ host: options.host ?? '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (response) => {
      let body = '';
      answered = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      response.setEncoding('utf8');
      // Event streams never end by themselves: their first bytes say enough.
      response.on('data', (chunk: string) => {
        body += chunk;
        if (response.headers['content-type']?.startsWith('text/event-stream') === true) outgoing.destroy();
      });
      response.on('end', answered);
      response.on('close', answered);
      response.on('error', answered);
    });
    // Closing an event stream from this side ends its request with an error: the answer is in.
    outgoing.on('error', (error) => (answered === undefined ? reject(error) : answered()));
    outgoing.end();
  });
}

/** What must never be served: the package's files, the repository's, the system's. */
function expectNothingFromDisk(response: RawResponse): void {
  expect(response.body).not.toContain('"name": "@wattlens/');
  expect(response.body).not.toContain('root:x:0:0');
  expect(response.body).not.toContain('import {');
  expect(response.headers['access-control-allow-origin']).toBeUndefined();
}

describe('dashboard security', () => {
  it('listens on loopback only by default: not reachable on any other address of this machine', async () => {
    expect(dashboard.host).toBe('127.0.0.1');
    expect(dashboard.url).toBe(`http://127.0.0.1:${port}/`);
    const others = Object.values(networkInterfaces()).flat().filter((entry) => entry !== undefined && !entry.internal).map((entry) => entry!.address);
    for (const address of others) {
      const host = address.includes(':') ? address.split('%')[0]! : address;
      await expect(raw({ host, path: '/api/snapshot' }), `reachable on ${address}`).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EINVAL/) });
    }
    await expect(startDashboard({ host: '0.0.0.0' })).rejects.toThrow(/allowRemote/);
  });

  it('serves its own paths to its own origin', async () => {
    for (const path of OWN_PATHS) {
      const response = await raw({ path });
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers 403 to any Host header that does not name this machine on its port (DNS rebinding)', async () => {
    const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    const hostHeader = fc.oneof(
      fc.domain().map((domain) => `${domain}:${port}`),
      fc.domain(),
      fc.ipV4().map((ip) => `${ip}:${port}`),
      fc.constantFrom(`127.0.0.1.attacker.example:${port}`, `localhost.attacker.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `LOCALHOST:${port}`, `127.0.0.1:${port}.evil`, `attacker.example:${port}@127.0.0.1`, `[::ffff:127.0.0.1]:${port}`),
    );
    await fc.assert(
      fc.asyncProperty(hostHeader, fc.constantFrom(...OWN_PATHS), async (host, path) => {
        // Host names are case-insensitive (RFC 4343): LOCALHOST is localhost. A loopback IP
        // (127.0.0.0/8) names this machine whatever the port syntax, and no DNS answer can re-point it.
        if (allowed.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+:0*\d+$/.test(host) && Number(host.split(':')[1]) === port) return;
        const response = await raw({ path, headers: { host } });
        expect([host, path, response.status]).toEqual([host, path, 403]);
        expect(response.body).not.toContain('totals');
        expectNothingFromDisk(response);
      }),
      { numRuns: runs },
    );
  });

  it('answers 403 to cross-origin requests: a foreign Origin, or Sec-Fetch-Site cross-site or same-site', async () => {
    const origin = fc.oneof(
      fc.webUrl().map((url) => new URL(url).origin),
      fc.constantFrom('null', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'http://127.0.0.1', `http://[::1]:${port}`),
    );
    await fc.assert(
      fc.asyncProperty(origin, fc.constantFrom(...OWN_PATHS), async (from, path) => {
        const response = await raw({ path, headers: { origin: from } });
        expect([from, path, response.status]).toEqual([from, path, 403]);
        expectNothingFromDisk(response);
      }),
      { numRuns: runs },
    );
    for (const site of ['cross-site', 'same-site']) {
      for (const path of OWN_PATHS) expect((await raw({ path, headers: { 'sec-fetch-site': site } })).status).toBe(403);
    }
    expect((await raw({ path: '/api/snapshot', headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });

  it('serves no other path: traversals, encodings and random paths are 404, with nothing from disk', async () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2E', '..%2f', '%2e%2e%2f', '..%5c', '%5c', '%00', '%2f', 'assets', 'api', 'app.js', 'app.css', 'zones.json', 'snapshot', 'events',
        'package.json', 'src', 'dist', 'client', 'index.ts', 'etc', 'passwd', 'node_modules', '~', '%252e%252e', '.env', 'app.js.map', '', '%c0%ae%c0%ae'),
      fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/),
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
    await fc.assert(
      fc.asyncProperty(path, async (candidate) => {
        const response = await raw({ path: candidate }).catch((error: unknown) => {
          throw new Error(`GET ${candidate}: ${String(error)}`);
        });
        if (OWN_PATHS.includes(candidate)) {
          expect(response.status).toBe(200);
          return;
        }
        expect([candidate, response.status]).toEqual([candidate, 404]);
        expectNothingFromDisk(response);
      }),
      { numRuns: runs },
    );
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      const response = await raw({ path: '/api/snapshot', method });
      expect([method, response.status]).toEqual([method, 405]);
    }
    // CONNECT (a proxy tunnel): Node's server closes the connection without an answer.
    await expect(raw({ path: `127.0.0.1:${port}`, method: 'CONNECT' })).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
