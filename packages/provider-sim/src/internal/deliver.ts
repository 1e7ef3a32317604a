import type { ServerResponse } from 'node:http';
import { latencyProfileFor } from '../latency-profiles';
import type { ReplyTiming, SimReply, SseEvent } from './exchange';
import type { Faults } from './faults';
import { createRandom } from './random';

/** Waits `milliseconds`, or less if `signal` aborts; resolves whether it completed. Leaves no timer behind. */
export function sleep(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (milliseconds <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Writes a chunk and, if the socket's buffer is full, waits for it to drain (or for an abort). */
async function write(response: ServerResponse, chunk: string | Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || response.destroyed) return false;
  if (response.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
  return !signal.aborted && !response.destroyed;
}

/** Timing of one reply under `latency: 'realistic'`: first token after the class's floor plus 0–25 %, then a speed within ±15 %. */
export interface ReplyPace {
  readonly timeToFirstTokenMs: number;
  readonly tokensPerSecond: number;
}

/** Jitter bounds: a simulator choice so that latencies vary run to run of different requests, never below the table's floor. */
const TIME_TO_FIRST_TOKEN_JITTER = 0.25;
const SPEED_JITTER = 0.15;

/** The pace of a reply, drawn from the request's seed. */
export function replyPace(timing: ReplyTiming, seed: number): ReplyPace {
  const profile = latencyProfileFor(timing.model);
  const random = createRandom(seed ^ 0x5bd1e995);
  return {
    timeToFirstTokenMs: profile.timeToFirstTokenMs * (1 + TIME_TO_FIRST_TOKEN_JITTER * random.next()),
    tokensPerSecond: profile.tokensPerSecond * (1 - SPEED_JITTER + 2 * SPEED_JITTER * random.next()),
  };
}

/** Replaces a payload with text that is not valid JSON (and stays on one line). */
function corrupt(payload: string): string {
  return `${payload.slice(0, Math.max(1, Math.floor(payload.length / 2)))}#malformed`;
}

function serializeEvent(event: SseEvent, malformed: boolean): string {
  const data = malformed ? corrupt(event.data) : event.data;
  return event.event === undefined ? `data: ${data}\n\n` : `event: ${event.event}\ndata: ${data}\n\n`;
}

/** Everything delivery needs about the exchange. */
export interface DeliveryContext {
  readonly response: ServerResponse;
  readonly signal: AbortSignal;
  readonly faults: Faults;
  readonly realistic: boolean;
  readonly seed: number;
  readonly requestId: string;
}

/**
 * Ends the exchange abruptly, as a dropped connection would: what was written is flushed, then
 * the connection closes without the end of the body (no final chunk), which clients report as an error.
 */
function cut(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null || socket.destroyed) {
    response.destroy();
    return;
  }
  socket.end(() => socket.destroy());
}

/** Sends a reply, applying the request's faults and, if asked, realistic latency. */
export async function deliver(context: DeliveryContext, reply: SimReply): Promise<void> {
  const { response, signal, faults } = context;
  if (faults.hang) {
    await untilAborted(signal);
    return;
  }
  if (faults.slowFirstByteMs !== undefined && !(await sleep(faults.slowFirstByteMs, signal))) return;
  const pace = context.realistic && reply.timing !== undefined ? replyPace(reply.timing, context.seed) : undefined;
  if (reply.kind === 'sse') {
    await deliverStream(context, reply.events, reply.sentinel, pace);
    return;
  }
  if (pace !== undefined && reply.timing !== undefined) {
    const total = pace.timeToFirstTokenMs + (reply.timing.outputTokens * 1000) / pace.tokensPerSecond;
    if (!(await sleep(total, signal))) return;
  }
  let body: Buffer;
  let contentType: string;
  if (reply.kind === 'json') {
    const text = JSON.stringify(reply.body);
    body = Buffer.from(faults.malformed === undefined ? text : corrupt(text));
    contentType = 'application/json';
  } else {
    body = reply.body;
    contentType = reply.contentType;
  }
  if (signal.aborted || response.destroyed) return;
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-type': contentType,
    'content-length': String(body.length),
    'x-request-id': context.requestId,
  });
  if (faults.cutAfter !== undefined && faults.cutAfter < body.length) {
    await write(response, body.subarray(0, faults.cutAfter), signal);
    cut(response);
    return;
  }
  if (faults.stallAfter !== undefined && faults.stallAfter < body.length) {
    if (await write(response, body.subarray(0, faults.stallAfter), signal)) await untilAborted(signal);
    return;
  }
  response.end(body);
}

async function deliverStream(
  context: DeliveryContext,
  events: readonly SseEvent[],
  sentinel: boolean,
  pace: ReplyPace | undefined,
): Promise<void> {
  const { response, signal, faults } = context;
  if (pace !== undefined && !(await sleep(pace.timeToFirstTokenMs, signal))) return;
  if (signal.aborted || response.destroyed) return;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': context.requestId,
  });
  response.flushHeaders();
  const cutAt = faults.cutAfter === undefined ? undefined : Math.min(faults.cutAfter, events.length - (sentinel ? 1 : 0));
  const stallAt = faults.stallAfter === undefined ? undefined : Math.min(faults.stallAfter, events.length - (sentinel ? 1 : 0));
  const start = performance.now();
  let tokensSent = 0;
  for (const [index, event] of events.entries()) {
    if (cutAt !== undefined && index >= cutAt) {
      cut(response);
      return;
    }
    if (stallAt !== undefined && index >= stallAt) {
      await untilAborted(signal);
      return;
    }
    if (pace !== undefined && event.tokens > 0 && tokensSent > 0) {
      const due = start + (tokensSent * 1000) / pace.tokensPerSecond;
      const wait = due - performance.now();
      // Writes what is due together: one timer per few milliseconds, not one per token.
      if (wait > 4 && !(await sleep(wait, signal))) return;
    }
    if (!(await write(response, serializeEvent(event, faults.malformed === index + 1), signal))) return;
    tokensSent += event.tokens;
  }
  if (cutAt !== undefined) {
    cut(response);
    return;
  }
  response.end();
}
