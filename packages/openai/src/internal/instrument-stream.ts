import type { SdkStream } from './sdk-shapes';

/** How a watched stream ended. */
export interface StreamEnd {
  readonly status: 'completed' | 'aborted' | 'failed';
  readonly error?: unknown;
}

/** What the adapter wants to see of a stream's items. */
export interface StreamWatcher {
  /** Sees each item before the consumer. */
  observe(item: unknown): void;
  /**
   * What the consumer gets in place of an item, after `observe`: the item, a copy (the adapter
   * removes what it added), or `undefined` to hide it (an item the adapter added).
   */
  readonly restore?: (item: unknown) => unknown;
  /** Whether the generation is complete (a `finish_reason`, a `response.completed`…), so that a later stop is no abort. */
  readonly finished: boolean;
}

/** A stream stopped before its end: completed if the generation had finished, else aborted. */
function endOf(watcher: StreamWatcher, signal: AbortSignal | undefined): StreamEnd {
  if (watcher.finished) return { status: 'completed' };
  return signal?.aborted === true ? { status: 'aborted', error: signal.reason } : { status: 'aborted' };
}

/**
 * What a watched stream shares with its reader, its abort listener and the registry of abandoned
 * streams. It never refers to the stream: the abort signal, which the HTTP client holds while the
 * response is open, reaches this object, and a stream dropped unread must still be collected,
 * which is what closes its response (undici cancels the body of a collected response).
 */
class StreamWatch {
  readonly watcher: StreamWatcher;
  readonly signal: AbortSignal | undefined;
  readonly #onEnd: (outcome: StreamEnd) => void;
  /** Reads in progress: while one is, the read tells a failure (it throws) from the caller's abort (it ends quietly). */
  pending = 0;
  /** Whether the stream's items are being read (its iterator made): the iterator then reports the end. */
  iterating = false;
  #ended = false;

  constructor(watcher: StreamWatcher, signal: AbortSignal | undefined, onEnd: (outcome: StreamEnd) => void) {
    this.watcher = watcher;
    this.signal = signal;
    this.#onEnd = onEnd;
  }

  /** The caller aborted the controller: the end, unless a read in progress reports it. */
  readonly onAbort = (): void => {
    if (this.pending === 0) this.end(endOf(this.watcher, this.signal));
  };

  /** Reports the first end only. */
  readonly end = (outcome: StreamEnd): void => {
    if (this.#ended) return;
    this.#ended = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    abandoned?.unregister(this);
    this.#onEnd(outcome);
  };
}

/**
 * Streams collected before their end: a stream dropped without being read (its response closes
 * then, as the SDK's own does), or an iterator dropped part-way. Each is recorded as aborted,
 * with what was read. A stream whose iterator is being read is left to the iterator: `for await`
 * holds the iterator, not the stream. Absent where the runtime has no `FinalizationRegistry`.
 */
const abandoned =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ readonly watch: StreamWatch; readonly iterator: boolean }>(({ watch, iterator }) => {
        if (!iterator && watch.iterating) return;
        watch.end(endOf(watch.watcher, undefined));
      })
    : undefined;

/**
 * Wraps one iterator of the stream: every item goes through the watcher (hidden ones are
 * skipped, restored ones replaced), and the end — done, error, or the consumer's `return()`
 * (`break`) — is reported once. `return()` is passed on to the SDK's iterator, which aborts the
 * HTTP request as it always did.
 */
function watchIterator(source: AsyncIterator<unknown>, watch: StreamWatch): AsyncIterator<unknown> {
  const { watcher, signal, end } = watch;
  const restore = watcher.restore;
  // Plain promise chains rather than an async function: one promise less per item; and the two
  // reactions are made once per stream, not once per item.
  const onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    watch.pending -= 1;
    if (result.done === true) {
      // The SDK ends a stream quietly when its controller is aborted: that is no completion.
      end(signal?.aborted === true ? endOf(watcher, signal) : { status: 'completed' });
      return result;
    }
    let shown: unknown = result.value;
    try {
      watcher.observe(shown);
      if (restore !== undefined) shown = restore(shown);
    } catch {
      // Watching never breaks the caller's stream: the item is shown as it came.
      shown = result.value;
    }
    if (shown === result.value) return result;
    // A hidden item is skipped: read the next one.
    return shown === undefined ? read() : { done: false, value: shown };
  };
  const onError = (error: unknown): never => {
    watch.pending -= 1;
    end(signal?.aborted === true && !watcher.finished && error === signal.reason ? { status: 'aborted', error } : { status: 'failed', error });
    throw error;
  };
  function read(value?: unknown): Promise<IteratorResult<unknown>> {
    watch.pending += 1;
    // `arguments.length`: the caller's `next()` and `next(value)` reach the SDK as they were made.
    return (arguments.length === 0 ? source.next() : source.next(value)).then(onResult, onError);
  }
  const iterator: AsyncIterator<unknown> = {
    next: read,
    async return(value?: unknown) {
      end(endOf(watcher, undefined));
      if (typeof source.return === 'function') return source.return(value);
      return { done: true, value };
    },
    async throw(error?: unknown) {
      end({ status: 'failed', error });
      if (typeof source.throw === 'function') return source.throw(error);
      throw error;
    },
  };
  abandoned?.register(iterator, { watch, iterator: true }, watch);
  return iterator;
}

/**
 * Watches an SDK `Stream` in place, keeping it the SDK's own object: its `iterator` field, which
 * `for await`, `tee()` and `toReadableStream()` all read, is replaced by one that passes every
 * item to the watcher; the first end — completion, error, `break`, the controller's abort, or
 * the stream (or its iterator) dropped before its end and collected — is reported once. Only the
 * first iteration is watched: a second one fails in the SDK ("consumed stream") as it always
 * did, without being counted.
 *
 * @param stream - The SDK stream, as the request's parsed result.
 * @param watcher - Sees the items, may hide some.
 * @param onEnd - Called once with how the stream ended. It must not refer to `stream`, which it
 *   would keep from being collected (and its response from closing) until the stream ends.
 */
export function instrumentStream(stream: SdkStream, watcher: StreamWatcher, onEnd: (outcome: StreamEnd) => void): void {
  const signal = typeof stream.controller?.signal === 'object' ? stream.controller.signal : undefined;
  const watch = new StreamWatch(watcher, signal, onEnd);
  if (signal?.aborted === true) {
    watch.end(endOf(watcher, signal));
  } else {
    signal?.addEventListener('abort', watch.onAbort, { once: true });
    abandoned?.register(stream, { watch, iterator: false }, watch);
  }
  const wrap = (source: AsyncIterator<unknown>): AsyncIterator<unknown> => {
    if (watch.iterating) return source;
    watch.iterating = true;
    return watchIterator(source, watch);
  };
  const original = stream.iterator;
  if (typeof original === 'function') {
    stream.iterator = () => wrap(original.call(stream));
    return;
  }
  // An SDK without the `iterator` field: watch `for await` and `toReadableStream()` (not `tee()`).
  const iterate = stream[Symbol.asyncIterator];
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: () => wrap(iterate.call(stream)),
    configurable: true,
    writable: true,
    enumerable: false,
  });
}
