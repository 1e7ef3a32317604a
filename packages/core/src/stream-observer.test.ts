import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { observeAsyncIterable, observeReadableStream, type StreamEnd } from './stream-observer';

/**
 * A stream that sends `count` chunks and then nothing more, as a stalled reply whose fetch lost the
 * abort (Node.js 20 once the Response is collected): only a cancel ends it.
 */
class StalledStream extends ReadableStream<number> {
  cancelledWith: unknown = 'not cancelled';

  constructor(count: number) {
    let next = 1;
    const self = { stream: undefined as StalledStream | undefined };
    super(
      {
        pull(controller) {
          if (next > count) return new Promise<void>(() => undefined);
          controller.enqueue(next);
          next += 1;
          return undefined;
        },
        cancel(reason) {
          if (self.stream !== undefined) self.stream.cancelledWith = reason;
        },
      },
      { highWaterMark: 0 },
    );
    self.stream = this;
  }
}

/** A ReadableStream subclass, as Mistral's EventStream is one. */
class NumberStream extends ReadableStream<number> {
  cancelledWith: unknown = 'not cancelled';

  constructor(count: number, failAt?: number) {
    let next = 1;
    const self = { stream: undefined as NumberStream | undefined };
    super({
      pull(controller) {
        if (next === failAt) {
          controller.error(new RangeError(`failed at ${next}`));
          return;
        }
        if (next > count) {
          controller.close();
          return;
        }
        controller.enqueue(next);
        next += 1;
      },
      cancel(reason) {
        if (self.stream !== undefined) self.stream.cancelledWith = reason;
      },
    });
    self.stream = this;
  }
}

function recorder(): { chunks: number[]; ends: StreamEnd[]; observer: { onChunk: (chunk: number) => void; onEnd: (end: StreamEnd) => void } } {
  const chunks: number[] = [];
  const ends: StreamEnd[] = [];
  return { chunks, ends, observer: { onChunk: (chunk) => chunks.push(chunk), onEnd: (end) => ends.push(end) } };
}

describe('observeReadableStream', () => {
  it('keeps the class and the chunks, and ends once with completed', async () => {
    const { chunks, ends, observer } = recorder();
    const observed = observeReadableStream(new NumberStream(5), observer);
    expect(observed).toBeInstanceOf(NumberStream);
    expect(observed).toBeInstanceOf(ReadableStream);
    const seen: number[] = [];
    for await (const chunk of observed) seen.push(chunk);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(chunks).toEqual(seen);
    expect(ends).toEqual([{ reason: 'completed' }]);
  });

  it('reports an early break as cancelled and cancels the source', async () => {
    const { chunks, ends, observer } = recorder();
    const source = new NumberStream(100);
    const observed = observeReadableStream(source, observer);
    for await (const chunk of observed) if (chunk === 3) break;
    expect(chunks).toEqual([1, 2, 3]);
    expect(ends).toEqual([{ reason: 'cancelled' }]);
    expect(source.cancelledWith).toBeUndefined();
  });

  it('passes a cancel reason upstream', async () => {
    const { ends, observer } = recorder();
    const source = new NumberStream(100);
    await observeReadableStream(source, observer).cancel('user left');
    expect(source.cancelledWith).toBe('user left');
    expect(ends).toEqual([{ reason: 'cancelled' }]);
  });

  it('reports an upstream error as errored and hands the consumer the same error', async () => {
    const { chunks, ends, observer } = recorder();
    const observed = observeReadableStream(new NumberStream(10, 3), observer);
    const caught = await (async () => {
      for await (const _chunk of observed);
    })().catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(RangeError);
    expect(chunks).toEqual([1, 2]);
    expect(ends).toEqual([{ reason: 'errored', error: caught }]);
  });

  it('works through tee(): both branches get every chunk, the end comes once', async () => {
    const { ends, observer } = recorder();
    const [left, right] = observeReadableStream(new NumberStream(4), observer).tee();
    const read = async (stream: ReadableStream<number>): Promise<number[]> => {
      const values: number[] = [];
      for await (const value of stream) values.push(value);
      return values;
    };
    expect(await Promise.all([read(left), read(right)])).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
    expect(ends).toEqual([{ reason: 'completed' }]);
  });

  it('locks the stream while a for await runs, as a native stream does', async () => {
    const { ends, observer } = recorder();
    const observed = observeReadableStream(new NumberStream(3), observer);
    for await (const _chunk of observed) {
      expect(observed.locked).toBe(true);
      expect(() => observed.getReader()).toThrow(TypeError);
    }
    expect(observed.locked).toBe(false);
    expect(ends).toEqual([{ reason: 'completed' }]);
  });

  it('reads through getReader() as well, and reports its cancel', async () => {
    const { chunks, ends, observer } = recorder();
    const source = new NumberStream(10);
    const reader = observeReadableStream(source, observer).getReader();
    expect(await reader.read()).toEqual({ done: false, value: 1 });
    expect(await reader.read()).toEqual({ done: false, value: 2 });
    await reader.cancel('enough');
    expect(chunks).toEqual([1, 2]);
    expect(ends).toEqual([{ reason: 'cancelled' }]);
    expect(source.cancelledWith).toBe('enough');
  });

  it('keeps a source open on values({ preventCancel: true })', async () => {
    const { ends, observer } = recorder();
    const source = new NumberStream(10);
    const observed = observeReadableStream(source, observer);
    for await (const chunk of observed.values({ preventCancel: true })) if (chunk === 2) break;
    expect(source.cancelledWith).toBe('not cancelled');
    expect(ends).toEqual([{ reason: 'cancelled' }]);
  });

  it('reads nothing ahead of the consumer', async () => {
    const { chunks, observer } = recorder();
    const reader = observeReadableStream(new NumberStream(10), observer).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(chunks).toEqual([1]);
    await reader.cancel();
  });

  it('honours an abort signal the source ignores: the consumer gets its reason, the source is cancelled', async () => {
    const { chunks, ends, observer } = recorder();
    const controller = new AbortController();
    const source = new StalledStream(5);
    const observed = observeReadableStream(source, { ...observer, signal: controller.signal });
    const caught = await (async () => {
      for await (const chunk of observed) if (chunk === 3) controller.abort();
    })().catch((error: unknown) => error);
    expect(caught).toBe(controller.signal.reason);
    expect((caught as Error).name).toBe('AbortError');
    expect(chunks).toEqual([1, 2, 3]);
    expect(ends).toEqual([{ reason: 'errored', error: caught }]);
    expect(source.cancelledWith).toBe(caught);
    expect(observed.locked).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('ends a read already waiting when the signal aborts, through getReader() too', async () => {
    const { ends, observer } = recorder();
    const controller = new AbortController();
    const source = new StalledStream(1);
    const reader = observeReadableStream(source, { ...observer, signal: controller.signal }).getReader();
    expect(await reader.read()).toEqual({ done: false, value: 1 });
    const waiting = reader.read();
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(ends).toEqual([{ reason: 'errored', error: new Error('stop') }]);
    expect(source.cancelledWith).toEqual(new Error('stop'));
  });

  it('rejects the first read of a stream whose signal had already aborted', async () => {
    const { chunks, ends, observer } = recorder();
    const source = new NumberStream(3);
    const observed = observeReadableStream(source, { ...observer, signal: AbortSignal.abort() });
    await expect(observed[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toEqual([]);
    expect(ends).toMatchObject([{ reason: 'errored', error: { name: 'AbortError' } }]);
  });

  it('lets the source’s own abort error through, and forgets the signal once the stream ends', async () => {
    const controller = new AbortController();
    const ownError = new Error('the source saw the abort first');
    const source = new ReadableStream<number>({
      start(streamController) {
        streamController.enqueue(1);
        controller.signal.addEventListener('abort', () => streamController.error(ownError));
      },
    });
    const { ends, observer } = recorder();
    const observed = observeReadableStream(source, { ...observer, signal: controller.signal });
    const caught = await (async () => {
      for await (const _chunk of observed) controller.abort();
    })().catch((error: unknown) => error);
    expect(caught).toBe(ownError);
    expect(ends).toEqual([{ reason: 'errored', error: ownError }]);

    const completed = new AbortController();
    const { ends: completedEnds, observer: completedObserver } = recorder();
    for await (const _chunk of observeReadableStream(new NumberStream(2), { ...completedObserver, signal: completed.signal }));
    expect(getEventListeners(completed.signal, 'abort')).toHaveLength(0);
    completed.abort();
    expect(completedEnds).toEqual([{ reason: 'completed' }]);
  });

  it('ends a stream dropped before its end, once collected, as cancelled, and cancels its source', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ends: StreamEnd[] = [];
    const sources = [new NumberStream(100), new NumberStream(100)];
    const signal = new AbortController().signal;
    await (async () => {
      // One never read, one whose iterator is left after two chunks; the signal stays referenced.
      observeReadableStream(sources[0] as NumberStream, { onEnd: (end) => ends.push(end), signal });
      const iterator = observeReadableStream(sources[1] as NumberStream, { onEnd: (end) => ends.push(end), signal })[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.next();
    })();
    for (let attempt = 0; attempt < 40 && ends.length < 2; attempt += 1) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(ends).toEqual([{ reason: 'cancelled' }, { reason: 'cancelled' }]);
    expect(sources.map((source) => source.cancelledWith)).toEqual([undefined, undefined]);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('never lets a throwing observer break the stream', async () => {
    const observed = observeReadableStream(new NumberStream(3), {
      onChunk: () => {
        throw new Error('observer bug');
      },
      onEnd: () => {
        throw new Error('observer bug');
      },
    });
    const seen: number[] = [];
    for await (const chunk of observed) seen.push(chunk);
    expect(seen).toEqual([1, 2, 3]);
  });
});

async function* numbers(count: number, failAt?: number, log?: string[]): AsyncGenerator<number> {
  try {
    for (let value = 1; value <= count; value += 1) {
      if (value === failAt) throw new RangeError(`failed at ${value}`);
      yield value;
    }
  } finally {
    log?.push('source finally');
  }
}

describe('observeAsyncIterable', () => {
  it('yields the same chunks and ends once with completed', async () => {
    const { chunks, ends, observer } = recorder();
    const seen: number[] = [];
    for await (const chunk of observeAsyncIterable(numbers(4), observer)) seen.push(chunk);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(chunks).toEqual(seen);
    expect(ends).toEqual([{ reason: 'completed' }]);
  });

  it('gives the consumer what restore returns in place of each chunk, hiding those it returns undefined for', async () => {
    const seen: number[] = [];
    const shown: number[] = [];
    const observer = { onChunk: (chunk: number) => void seen.push(chunk), restore: (chunk: number) => (chunk === 2 ? undefined : chunk * 10), onEnd: () => {} };
    for await (const chunk of observeAsyncIterable(numbers(5), observer)) shown.push(chunk);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(shown).toEqual([10, 30, 40, 50]);
  });

  it('yields undefined chunks of the source like any other', async () => {
    async function* withHoles(): AsyncGenerator<number | undefined> {
      yield 1;
      yield undefined;
      yield 3;
    }
    const shown: (number | undefined)[] = [];
    for await (const chunk of observeAsyncIterable(withHoles(), { onChunk: () => undefined, onEnd: () => {} })) shown.push(chunk);
    for await (const chunk of observeAsyncIterable(withHoles(), { restore: (chunk) => chunk, onEnd: () => {} })) shown.push(chunk);
    expect(shown).toEqual([1, undefined, 3, 1, undefined, 3]);
  });

  it('shows a chunk as it came when onChunk or restore throws', async () => {
    const shown: number[] = [];
    const observer = {
      onChunk: (chunk: number) => {
        if (chunk === 1) throw new Error('observer bug');
      },
      restore: (chunk: number) => {
        if (chunk === 2) throw new Error('restore bug');
        return chunk + 100;
      },
      onEnd: () => {},
    };
    for await (const chunk of observeAsyncIterable(numbers(3), observer)) shown.push(chunk);
    expect(shown).toEqual([1, 2, 103]);
  });

  it('reports a break as cancelled and closes the source', async () => {
    const { ends, observer } = recorder();
    const log: string[] = [];
    for await (const chunk of observeAsyncIterable(numbers(100, undefined, log), observer)) if (chunk === 2) break;
    expect(ends).toEqual([{ reason: 'cancelled' }]);
    expect(log).toEqual(['source finally']);
  });

  it('re-throws the source error as the same object and reports it', async () => {
    const { chunks, ends, observer } = recorder();
    const caught = await (async () => {
      for await (const _chunk of observeAsyncIterable(numbers(10, 3), observer));
    })().catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(RangeError);
    expect(chunks).toEqual([1, 2]);
    expect(ends).toEqual([{ reason: 'errored', error: caught }]);
  });

  it('starts a lazy source on the first next() only, and skips onEnd when starting throws', async () => {
    const { ends, observer } = recorder();
    let started = 0;
    const generator = observeAsyncIterable(() => {
      started += 1;
      return numbers(2);
    }, observer);
    expect(started).toBe(0);
    expect(Object.prototype.toString.call(generator)).toBe('[object AsyncGenerator]');
    expect(generator[Symbol.asyncIterator]()).toBe(generator);
    expect(await generator.next()).toEqual({ done: false, value: 1 });
    expect(started).toBe(1);
    await generator.return();
    expect(ends).toEqual([{ reason: 'cancelled' }]);

    const refused = recorder();
    const failing = observeAsyncIterable<number>(() => {
      throw new TypeError('refused before sending');
    }, refused.observer);
    await expect(failing.next()).rejects.toThrow('refused before sending');
    expect(refused.ends).toEqual([]);
  });

  it('calls onClosedBeforeStart, not onEnd, when a lazy stream is closed before its first next()', async () => {
    for (const close of ['return', 'throw'] as const) {
      const { ends, observer } = recorder();
      let started = 0;
      let closedBeforeStart = 0;
      const generator = observeAsyncIterable(
        () => {
          started += 1;
          return numbers(2);
        },
        { ...observer, onClosedBeforeStart: () => (closedBeforeStart += 1) },
      );
      if (close === 'return') expect(await generator.return()).toEqual({ done: true, value: undefined });
      else await expect(generator.throw(new RangeError('stop'))).rejects.toThrow('stop');
      // Closed already: nothing more, and nothing starts.
      expect(await generator.return()).toEqual({ done: true, value: undefined });
      expect(await generator.next()).toEqual({ done: true, value: undefined });
      expect({ started, closedBeforeStart, ends }).toEqual({ started: 0, closedBeforeStart: 1, ends: [] });
    }
    // Started, then closed: onEnd only.
    const { ends, observer } = recorder();
    let closedBeforeStart = 0;
    const generator = observeAsyncIterable(() => numbers(2), { ...observer, onClosedBeforeStart: () => (closedBeforeStart += 1) });
    await generator.next();
    await generator.return();
    expect({ closedBeforeStart, ends }).toEqual({ closedBeforeStart: 0, ends: [{ reason: 'cancelled' }] });
    // An observer that throws never reaches the consumer.
    const throwing = observeAsyncIterable(() => numbers(2), { onEnd: () => {}, onClosedBeforeStart: () => { throw new Error('observer'); } });
    expect(await throwing.return()).toEqual({ done: true, value: undefined });
  });
});
