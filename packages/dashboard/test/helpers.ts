// Test helpers: real requests through the provider simulator, a raw HTTP client that can send any
// Host header, and a Server-Sent Events reader.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { trackRequest, type ImpactOptions, type ImpactReport } from '@wattlens/core';
import type { ProviderSim } from '@wattlens/provider-sim';

/** Chat providers of the simulator and where their chat route is. */
const CHAT_ROUTES = {
  openai: (sim: ProviderSim) => `${sim.urls.openai}/chat/completions`,
  mistral: (sim: ProviderSim) => `${sim.urls.mistral}/v1/chat/completions`,
  huggingface: (sim: ProviderSim) => `${sim.urls.huggingface}/endpoints/tgi/v1/chat/completions`,
} as const;

/**
 * Sends one chat request to the simulator over HTTP, the way an adapter instruments it: budgets
 * checked first, then the provider's reported usage recorded with core's `trackRequest`.
 */
export async function chat(
  sim: ProviderSim,
  options: ImpactOptions,
  provider: keyof typeof CHAT_ROUTES,
  model: string,
  prompt: string,
): Promise<ImpactReport> {
  const tracker = trackRequest(options, { provider, model, operation: 'chat', streamed: false });
  const response = await fetch(CHAT_ROUTES[provider](sim), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sim' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }] }),
  });
  const body = await response.json() as { id?: string; model?: string; usage: { prompt_tokens: number; completion_tokens: number } };
  if (!response.ok) throw new Error(`simulator answered ${response.status}`);
  return tracker.finish(
    { inputTokens: body.usage.prompt_tokens, outputTokens: body.usage.completion_tokens },
    body.id === undefined ? {} : { requestId: body.id },
  );
}

/** An HTTP response, read whole. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A GET (or another method) with exactly the headers given: a Host header only if given, unless `defaultHost`. */
export function raw(url: string, options: { readonly path?: string; readonly method?: string; readonly headers?: Readonly<Record<string, string>>; readonly defaultHost?: boolean } = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port,
      path: options.path ?? target.pathname,
      method: options.method ?? 'GET',
      headers: options.headers ?? {},
      setHost: options.defaultHost === true,
    }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** One server-sent event. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/** A reader of a Server-Sent Events stream that keeps every event and the raw text. */
export interface EventStream {
  readonly events: ServerSentEvent[];
  /** Everything received, as text. */
  text(): string;
  /** Resolves with the next event of this name after those already read by earlier calls. */
  next(event: string, timeoutMs?: number): Promise<ServerSentEvent>;
  close(): void;
}

/** Opens `/api/events` of a dashboard. */
export function openEvents(url: string, headers: Readonly<Record<string, string>> = {}): Promise<EventStream> {
  const target = new URL('/api/events', url);
  return new Promise((resolve, reject) => {
    const events: ServerSentEvent[] = [];
    const consumed = new Map<string, number>();
    let buffer = '';
    let all = '';
    const waiters = new Set<() => void>();
    const outgoing = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, headers }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`event stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: data.join('\n') });
          end = buffer.indexOf('\n\n');
        }
        for (const waiter of [...waiters]) waiter();
      });
      resolve({
        events,
        text: () => all,
        next(event, timeoutMs = 5000) {
          return new Promise((found, fail) => {
            const check = (): boolean => {
              const from = consumed.get(event) ?? 0;
              const index = events.findIndex((candidate, position) => position >= from && candidate.event === event);
              if (index === -1) return false;
              consumed.set(event, index + 1);
              found(events[index] as ServerSentEvent);
              return true;
            };
            if (check()) return;
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              fail(new Error(`no "${event}" event within ${timeoutMs} ms`));
            }, timeoutMs);
            const waiter = (): void => {
              if (check()) {
                clearTimeout(timer);
                waiters.delete(waiter);
              }
            };
            waiters.add(waiter);
          });
        },
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on('error', (error) => reject(error));
    outgoing.end();
  });
}
