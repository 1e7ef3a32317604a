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
 * Wraps one iterator of the stream: every item goes through the watcher (hidden ones are
 * skipped, restored ones replaced), and the end — done, error, or the consumer's `return()` (`break`) — is reported once.
 * `return()` is passed on to the SDK's iterator, which aborts the HTTP request as it always did.
 */
function watchIterator(
  source: AsyncIterator<unknown>,
  watcher: StreamWatcher,
  end: (outcome: StreamEnd) => void,
  signal: AbortSignal | undefined,
  reading: { pending: number },
): AsyncIterator<unknown> {
  const restore = watcher.restore;
  // Plain promise chains rather than an async function: one promise less per item; and the two
  // reactions are made once per stream, not once per item.
  const onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    reading.pending -= 1;
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
    reading.pending -= 1;
    end(signal?.aborted === true && !watcher.finished && error === signal.reason ? { status: 'aborted', error } : { status: 'failed', error });
    throw error;
  };
  function read(value?: unknown): Promise<IteratorResult<unknown>> {
    reading.pending += 1;
    // `arguments.length`: the caller's `next()` and `next(value)` reach the SDK as they were made.
    return (arguments.length === 0 ? source.next() : source.next(value)).then(onResult, onError);
  }
  return {
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
}

/**
 * Watches an SDK `Stream` in place, keeping it the SDK's own object: its `iterator` field, which
 * `for await`, `tee()` and `toReadableStream()` all read, is replaced by one that passes every
 * item to the watcher; the first end — completion, error, `break`, or the controller's abort —
 * is reported once. Only the first iteration is watched: a second one fails in the SDK
 * ("consumed stream") as it always did, without being counted.
 *
 * @param stream - The SDK stream, as the request's parsed result.
 * @param watcher - Sees the items, may hide some.
 * @param onEnd - Called once with how the stream ended.
 */
export function instrumentStream(stream: SdkStream, watcher: StreamWatcher, onEnd: (outcome: StreamEnd) => void): void {
  const signal = typeof stream.controller?.signal === 'object' ? stream.controller.signal : undefined;
  let ended = false;
  // The SDK aborts its controller itself when a read fails: while a read is pending, let the read
  // tell a failure (it throws) from the caller's abort (it ends quietly).
  const reading = { pending: 0 };
  const onAbort = (): void => {
    if (reading.pending === 0) end(endOf(watcher, signal));
  };
  function end(outcome: StreamEnd): void {
    if (ended) return;
    ended = true;
    signal?.removeEventListener('abort', onAbort);
    onEnd(outcome);
  }
  if (signal?.aborted === true) {
    end(endOf(watcher, signal));
  } else {
    signal?.addEventListener('abort', onAbort, { once: true });
  }

  let watched = false;
  const wrap = (source: AsyncIterator<unknown>): AsyncIterator<unknown> => {
    if (watched) return source;
    watched = true;
    return watchIterator(source, watcher, end, signal, reading);
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
