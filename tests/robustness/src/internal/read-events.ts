// Reads a dashboard's server-sent events as raw text, the way a page would receive them.
import { request } from 'node:http';

/** An open event stream: the text received so far, and a way to close it. */
export interface RawEventStream {
  /** Everything received so far. */
  text(): string;
  /** Waits until the received text satisfies a condition. */
  until(condition: (text: string) => boolean): Promise<void>;
  close(): void;
}

/**
 * Opens `/api/events` of a dashboard with the headers a same-origin page sends.
 *
 * @param url - The dashboard's URL.
 * @returns The open stream, once its response has started.
 * @throws when the dashboard does not answer 200.
 * @example
 * ```ts
 * const events = await openRawEvents(dashboard.url);
 * await events.until((text) => text.includes('event: impact-recorded'));
 * ```
 */
export function openRawEvents(url: string): Promise<RawEventStream> {
  const target = new URL('/api/events', url);
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { headers: { accept: 'text/event-stream', 'sec-fetch-site': 'same-origin' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET /api/events answered ${response.statusCode}`));
        return;
      }
      let received = '';
      const waiters: { condition: (text: string) => boolean; resolve: () => void }[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
        for (const waiter of [...waiters]) {
          if (waiter.condition(received)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      });
      response.on('error', () => undefined);
      resolve({
        text: () => received,
        until: (condition) =>
          condition(received) ? Promise.resolve() : new Promise<void>((settle) => {
            waiters.push({ condition, resolve: settle });
          }),
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on('error', (error) => reject(error));
    outgoing.end();
  });
}
