import type { AbortSignalLike } from './failure-status';

/**
 * How an observed stream ended: it ran to its end, the consumer stopped early (`break` in
 * `for await`, `cancel()`, `return()`), or it failed (network, provider, abort signal).
 */
export type StreamEnd =
  | { readonly reason: 'completed' }
  | { readonly reason: 'cancelled' }
  | { readonly reason: 'errored'; readonly error: unknown };

/**
 * What an adapter wants to see of a stream: each chunk, then how it ended. Both callbacks run
 * inside the consumer's iteration, so they must be quick; an error they throw is swallowed and
 * never reaches the consumer.
 */
export interface StreamObserver<Chunk> {
  /** Sees every chunk, before the consumer does. */
  readonly onChunk?: (chunk: Chunk) => void;
  /**
   * With {@link observeAsyncIterable}: what the consumer gets in place of each chunk, after
   * `onChunk` has seen it: the chunk itself, a copy (an adapter removes what it added to the
   * stream), or `undefined` to hide it (a chunk the adapter added).
   */
  readonly restore?: (chunk: Chunk) => Chunk | undefined;
  /** Called exactly once, when the stream completes, is cancelled or errors. */
  readonly onEnd: (end: StreamEnd) => void;
  /**
   * With {@link observeAsyncIterable} and a lazy source (a function): called instead of `onEnd`
   * when the consumer closes the stream (`return()`, `throw()`) before its first `next()`, so
   * that the source was never started (an adapter settles what waited for the stream's end).
   */
  readonly onClosedBeforeStart?: () => void;
  /**
   * With {@link observeReadableStream}: the request's abort signal. When it aborts before the stream
   * ends, the source is cancelled (closing the HTTP response) and the consumer's next read rejects
   * with the signal's reason, as fetch does when it honours the abort itself. Node.js 20's fetch
   * loses an abort once the `Response` object has been garbage-collected, and an SDK that keeps only
   * the body (Mistral's `EventStream`) then reads on, or waits forever on a stalled reply.
   */
  readonly signal?: AbortSignalLike & Partial<AbortSignalEvents> | undefined;
}

/** The part of an `AbortSignal` that lets {@link observeReadableStream} hear an abort. */
interface AbortSignalEvents {
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The part of a WHATWG `ReadableStream` that {@link observeReadableStream} uses. Core is typed
 * without the DOM library; every runtime WattLens supports (Node.js 18+, browsers, edge) has
 * these streams, and any `ReadableStream` satisfies this interface.
 */
export interface ObservableReadableStream<Chunk> {
  getReader(): ObservableStreamReader<Chunk>;
}

/** The part of a `ReadableStreamDefaultReader` that {@link observeReadableStream} uses. */
export interface ObservableStreamReader<Chunk> {
  read(): Promise<{ readonly done: true; readonly value?: unknown } | { readonly done: false; readonly value: Chunk }>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * The chunk type of a readable stream, read from its async iterator (`unknown` for a stream typed
 * without one).
 */
export type StreamChunk<Stream> = Stream extends { [Symbol.asyncIterator](): AsyncIterator<infer Chunk> } ? Chunk : unknown;

interface PullController<Chunk> {
  enqueue(chunk: Chunk): void;
  close(): void;
  error(reason: unknown): void;
}

type ReadableStreamConstructor = new <Chunk>(
  source: { pull(controller: PullController<Chunk>): Promise<void>; cancel(reason: unknown): Promise<void> },
  strategy: { highWaterMark: number },
) => ObservableReadableStream<Chunk>;

function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // An observer must never break the consumer's stream.
  }
}

/** Calls the observer's `onEnd` at most once. */
function endOnce<Chunk>(observer: StreamObserver<Chunk>): (end: StreamEnd) => void {
  let ended = false;
  return (end) => {
    if (ended) return;
    ended = true;
    safely(() => observer.onEnd(end));
  };
}

/**
 * Observed streams collected before their end (never read, or an iterator dropped part-way, which
 * the SDK's own stream would have let go too): each ends `cancelled`, and its source is cancelled,
 * which closes the HTTP response. Absent where the runtime has no `FinalizationRegistry`.
 */
const collectedEarly = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<() => void>((cancelSource) => cancelSource()) : undefined;

/**
 * Observes a `ReadableStream` (or an instance of a subclass, such as Mistral's `EventStream`)
 * without changing what its consumer sees: returns a new stream with the same prototype, the same
 * chunks, and working `tee()`, `getReader()`, `cancel()` and `for await`. The observer sees each
 * chunk as the consumer reads it (nothing is read ahead), then exactly one end: `completed`,
 * `cancelled` (an early `break` or `cancel()`, passed upstream so that the HTTP response closes;
 * or the returned stream dropped before its end and garbage-collected, when the source is
 * cancelled too) or `errored` (the upstream error, which the consumer receives unchanged).
 *
 * With `observer.signal`, an abort of the request ends the stream with the signal's reason even
 * where the runtime's fetch loses it (Node.js 20, once the `Response` is collected).
 *
 * The original stream is locked by this call: hand the returned stream to the caller instead.
 *
 * @param stream - The stream to observe: a `ReadableStream`, or an instance of a subclass.
 * @param observer - `onChunk` for every chunk, `onEnd` once, and the request's `signal` if it has one.
 * @returns A stream with the same prototype as `stream`, carrying the same chunks.
 * @throws {TypeError} when the runtime has no global `ReadableStream` constructor.
 * @example
 * ```ts
 * const events = await mistral.chat.stream(request);
 * let usage;
 * const observed = observeReadableStream(events, {
 *   onChunk: (event) => { usage = event.data.usage ?? usage; },
 *   onEnd: (end) => tracker.finish({ inputTokens: usage?.promptTokens }, end.reason === 'errored' ? { error: end.error } : {}),
 * });
 * for await (const event of observed) render(event); // still an EventStream
 * ```
 */
export function observeReadableStream<Stream extends ObservableReadableStream<unknown>>(stream: Stream, observer: StreamObserver<StreamChunk<Stream>>): Stream {
  const ReadableStream = (globalThis as { ReadableStream?: ReadableStreamConstructor }).ReadableStream;
  if (ReadableStream === undefined) {
    throw new TypeError('observeReadableStream needs the WHATWG ReadableStream (Node.js 18 or later, any current browser or edge runtime).');
  }
  type Chunk = StreamChunk<Stream>;
  const reader = stream.getReader() as ObservableStreamReader<Chunk>;
  const onChunk = observer.onChunk;
  const signal = observer.signal;
  /** Set when the signal aborted the stream: what its consumer's reads reject with. */
  let abortedWith: { readonly reason: unknown } | undefined;
  const onAbort = (): void => {
    abortedWith = { reason: signal?.reason };
    // Closes the response; a read in progress then ends, and is turned into the abort below.
    reader.cancel(abortedWith.reason).catch(() => undefined);
  };
  const ended = endOnce(observer);
  /** The registration of the observed stream in {@link collectedEarly}. */
  const registration = {};
  const end = (outcome: StreamEnd): void => {
    signal?.removeEventListener?.('abort', onAbort);
    collectedEarly?.unregister(registration);
    ended(outcome);
  };
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener?.('abort', onAbort, { once: true });
  type ReadResult = Awaited<ReturnType<typeof reader.read>>;
  const fail = (error: unknown): never => {
    end({ reason: 'errored', error });
    throw error;
  };
  /** Shows a chunk, or the end, to the observer. */
  const observe = (result: ReadResult): ReadResult => {
    // The source ended because the signal cancelled it: the consumer gets the abort instead.
    if (abortedWith !== undefined) return fail(abortedWith.reason);
    if (result.done) end({ reason: 'completed' });
    else if (onChunk !== undefined) {
      const chunk = result.value;
      safely(() => onChunk(chunk));
    }
    return result;
  };
  /** Reads the next chunk of the source (plain promise chains: this runs once per chunk). */
  const read = (): Promise<ReadResult> => reader.read().then(observe, fail);
  const cancel = (reason?: unknown): Promise<void> => {
    end({ reason: 'cancelled' });
    return reader.cancel(reason);
  };
  const observed = new ReadableStream<Chunk>(
    {
      pull(controller) {
        return read().then(
          (result) => {
            if (result.done) controller.close();
            else controller.enqueue(result.value);
          },
          (error: unknown) => controller.error(error),
        );
      },
      cancel,
    },
    // Pull only when the consumer reads: chunks are observed as they are consumed.
    { highWaterMark: 0 },
  );
  Object.setPrototypeOf(observed, Object.getPrototypeOf(stream) as object | null);
  // `for await` (the common case) reads the source directly rather than through the new stream,
  // which saves a queue hop per chunk; it locks the stream and cancels it on an early exit, as
  // WHATWG streams' own async iterator does. `getReader()`, `tee()` and pipes use the stream.
  // A method (`this` is the observed stream) rather than a closure over it: no function here may
  // refer to the observed stream, which must stay collectable while the source is open.
  const iterate = function iterate(this: unknown, options?: { readonly preventCancel?: boolean }): AsyncIterableIterator<Chunk> {
    const lock = (this as { getReader(): { releaseLock(): void } }).getReader();
    let finished = false;
    const finish = (): void => {
      finished = true;
      lock.releaseLock();
    };
    // The reactions to a read, made once per iteration rather than once per chunk.
    const onRead = (result: ReadResult): IteratorResult<Chunk> => {
      if (abortedWith !== undefined) return onReadError(abortedWith.reason);
      observe(result);
      if (!result.done) return { done: false, value: result.value };
      finish();
      return { done: true, value: undefined };
    };
    const onReadError = (error: unknown): never => {
      finish();
      return fail(error);
    };
    const iterator: AsyncIterableIterator<Chunk> = {
      next() {
        if (finished) return Promise.resolve({ done: true, value: undefined });
        return reader.read().then(onRead, onReadError);
      },
      async return(value?: unknown) {
        if (!finished) {
          finish();
          if (options?.preventCancel === true) end({ reason: 'cancelled' });
          else await cancel();
        }
        return { done: true, value: value as Chunk };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  };
  Object.defineProperty(observed, Symbol.asyncIterator, { value: iterate, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(observed, 'values', { value: iterate, writable: true, configurable: true, enumerable: false });
  collectedEarly?.register(observed, () => void cancel().catch(() => undefined), registration);
  return observed as unknown as Stream;
}

/**
 * Observes an async iterable (a Hugging Face stream, an SDK's chunk iterator) through an async
 * generator that yields the same chunks, or what `restore` gives in their place (a copy, or
 * nothing: the chunk is hidden). The observer sees each chunk before the consumer, then
 * exactly one end: `completed`, `cancelled` (the consumer left early: `break`, `return()`; the
 * source's own `return()` runs, so it can release its connection) or `errored` (the source's
 * error, re-thrown to the consumer as the same object).
 *
 * `source` may be a function returning the iterable: it is then called on the first `next()`,
 * so nothing starts before the consumer asks for a chunk. If it throws, the error reaches the
 * consumer and `onEnd` is not called (nothing was started); if the consumer closes the stream
 * before its first `next()`, `onClosedBeforeStart` is called instead of `onEnd`.
 *
 * @param source - The iterable, or a function that starts it on first use.
 * @param observer - `onChunk` for every chunk, `onEnd` once (or `onClosedBeforeStart`).
 * @returns An async generator over the same chunks.
 * @example
 * ```ts
 * const chunks = observeAsyncIterable(() => client.chatCompletionStream(args), {
 *   onChunk: (chunk) => accumulate(chunk),
 *   onEnd: (end) => tracker.finish(usage(), end.reason === 'errored' ? { error: end.error } : {}),
 * });
 * for await (const chunk of chunks) render(chunk);
 * ```
 */
export function observeAsyncIterable<Chunk>(
  source: AsyncIterable<Chunk> | (() => AsyncIterable<Chunk>),
  observer: StreamObserver<Chunk>,
): AsyncGenerator<Chunk, void, undefined> {
  const end = endOnce(observer);
  const closedBeforeStart = (): void => safely(() => observer.onClosedBeforeStart?.());
  const onChunk = observer.onChunk;
  const restore = observer.restore;
  let iterator: AsyncIterator<Chunk> | undefined;
  let done = false;
  const finished = (): Promise<IteratorResult<Chunk, void>> => Promise.resolve({ done: true, value: undefined });
  /** Shows a chunk to the observer, or ends: made once per stream, not once per chunk. */
  const onResult = (result: IteratorResult<Chunk>): IteratorResult<Chunk, void> | Promise<IteratorResult<Chunk, void>> => {
    if (result.done === true) {
      done = true;
      end({ reason: 'completed' });
      return { done: true, value: undefined };
    }
    let value: Chunk | undefined = result.value;
    try {
      if (onChunk !== undefined) onChunk(value);
      if (restore !== undefined) {
        value = restore(value);
        // A chunk restore hides: read the next one.
        if (value === undefined && result.value !== undefined) return pull(iterator as AsyncIterator<Chunk>);
      }
    } catch {
      // An observer must never break the consumer's stream: the chunk is shown as it came.
      value = result.value;
    }
    return { done: false, value: value as Chunk };
  };
  const onError = (error: unknown): never => {
    done = true;
    end({ reason: 'errored', error });
    throw error;
  };
  /** Reads until a chunk the observer shows (plain promise chains: this runs once per chunk). */
  const pull = (source: AsyncIterator<Chunk>): Promise<IteratorResult<Chunk, void>> => source.next().then(onResult, onError);
  const generator = {
    next(): Promise<IteratorResult<Chunk, void>> {
      if (done) return finished();
      if (iterator === undefined) {
        try {
          iterator = (typeof source === 'function' ? source() : source)[Symbol.asyncIterator]();
        } catch (error) {
          done = true;
          return Promise.reject(error);
        }
      }
      return pull(iterator);
    },
    return(): Promise<IteratorResult<Chunk, void>> {
      if (done) return finished();
      done = true;
      const started = iterator;
      if (started === undefined) {
        closedBeforeStart();
        return finished();
      }
      end({ reason: 'cancelled' });
      // The source's own return() runs, so that it can release its connection.
      return Promise.resolve(started.return?.()).then(finished);
    },
    throw(error?: unknown): Promise<IteratorResult<Chunk, void>> {
      if (done) return Promise.reject(error);
      done = true;
      const started = iterator;
      if (started === undefined) {
        closedBeforeStart();
        return Promise.reject(error);
      }
      end({ reason: 'cancelled' });
      return Promise.resolve(started.return?.()).then(() => Promise.reject(error));
    },
  };
  // An async generator's prototype gives `Symbol.asyncIterator`, `Symbol.toStringTag` ('AsyncGenerator')
  // and whatever the runtime adds; the own methods above do the work.
  const asyncGeneratorPrototype = Object.getPrototypeOf(async function* () {}).prototype as object;
  return Object.setPrototypeOf(generator, asyncGeneratorPrototype) as AsyncGenerator<Chunk, void, undefined>;
}
