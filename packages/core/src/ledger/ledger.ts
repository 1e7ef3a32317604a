/// <reference types="node" />
import { open, type FileHandle } from 'node:fs/promises';
import type { ImpactRecord } from '../impact-record';
import type { Meter } from '../meter';
import { LedgerWriteError } from '../errors/ledger-write-error';

/** Options of {@link Ledger}. */
export interface LedgerOptions {
  /**
   * Called when records cannot be written (they are dropped; the ledger tries again with the
   * next ones). @default a one-line console warning, once per kind of failure
   */
  readonly onError?: (error: LedgerWriteError) => void;
  /**
   * Most lines waiting to be written; past it (a disk that stalls) the oldest waiting lines are
   * dropped and reported. @default 100000
   */
  readonly maxPendingRecords?: number;
}

function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'write-failed';
}

/**
 * An append-only JSON Lines file of {@link ImpactRecord}s, one line per request. Writes are
 * buffered and asynchronous: `append()` returns at once and never throws; records appended in the
 * same tick are written with one system call. A crash leaves at worst one torn last line, which
 * readers skip with a warning, and which the next ledger opened on the file closes with a newline
 * before appending. Write failures go to `onError`. Node.js only (`@wattlens/core/ledger`).
 *
 * @example
 * ```ts
 * import { Ledger } from '@wattlens/core/ledger';
 * const ledger = new Ledger('impact.jsonl');
 * ledger.attach(meter);            // every recorded request becomes a line
 * process.on('beforeExit', () => ledger.close());
 * ```
 */
export class Ledger {
  /** The ledger file. */
  readonly path: string;
  readonly #onError: (error: LedgerWriteError) => void;
  readonly #maxPending: number;
  readonly #detachers = new Set<() => void>();
  #pending: string[] = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
  #handle: FileHandle | undefined;
  #closed = false;

  /**
   * @param path - The JSON Lines file; created if missing, appended to otherwise. Its directory must exist.
   * @param options - Error callback and buffer cap.
   */
  constructor(path: string, options: LedgerOptions = {}) {
    this.path = path;
    const reported = new Set<string>();
    this.#onError = options.onError ?? ((error) => {
      if (reported.has(error.reason)) return;
      reported.add(error.reason);
      globalThis.console?.warn?.(`[wattlens] ${error.message}`);
    });
    this.#maxPending = options.maxPendingRecords ?? 100_000;
  }

  /**
   * Queues a record; it is written shortly after, with the others of the same tick. Never throws.
   *
   * @param record - The record (from `toImpactRecord()` or a meter's `impact-recorded` event).
   * @example
   * ```ts
   * ledger.append(toImpactRecord(report, { tags: { user: 'ada' } }));
   * ```
   */
  append(record: ImpactRecord): void {
    if (this.#closed) {
      this.#report(new LedgerWriteError({ path: this.path, records: 1, reason: 'closed' }));
      return;
    }
    let line: string;
    try {
      line = `${JSON.stringify(record)}\n`;
    } catch (error) {
      this.#report(new LedgerWriteError({ path: this.path, records: 1, reason: 'unserialisable', cause: error }));
      return;
    }
    this.#pending.push(line);
    if (this.#pending.length > this.#maxPending) {
      const dropped = this.#pending.length - this.#maxPending;
      this.#pending.splice(0, dropped);
      this.#report(new LedgerWriteError({ path: this.path, records: dropped, reason: 'backlog-full' }));
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        this.#enqueueWrite();
      });
    }
  }

  /**
   * Writes every request recorded by a meter (and its children) from now on.
   *
   * @param meter - The meter to follow.
   * @returns A function that stops following it.
   * @example
   * ```ts
   * const detach = ledger.attach(meter);
   * ```
   */
  attach(meter: Meter): () => void {
    const stop = meter.on('impact-recorded', ({ record }) => this.append(record));
    const detach = (): void => {
      stop();
      this.#detachers.delete(detach);
    };
    this.#detachers.add(detach);
    return detach;
  }

  /**
   * Waits until every record appended so far is written (or reported as failed).
   *
   * @returns A promise that never rejects.
   * @example
   * ```ts
   * await ledger.flush();
   * ```
   */
  flush(): Promise<void> {
    return this.#enqueueWrite();
  }

  /**
   * Stops following meters, writes what is pending and closes the file. Later appends are
   * reported as dropped.
   *
   * @returns A promise that never rejects.
   * @example
   * ```ts
   * await ledger.close();
   * ```
   */
  async close(): Promise<void> {
    for (const detach of [...this.#detachers]) detach();
    await this.#enqueueWrite();
    this.#closed = true;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  #enqueueWrite(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#write());
    return this.#chain;
  }

  async #write(): Promise<void> {
    if (this.#pending.length === 0) return;
    const lines = this.#pending;
    this.#pending = [];
    try {
      const handle = await this.#open();
      await handle.appendFile(lines.join(''), 'utf8');
    } catch (error) {
      const handle = this.#handle;
      this.#handle = undefined;
      await handle?.close().catch(() => undefined);
      this.#report(new LedgerWriteError({ path: this.path, records: lines.length, reason: reasonOf(error), cause: error }));
    }
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle !== undefined) return this.#handle;
    const handle = await open(this.path, 'a+');
    try {
      // A previous process may have died mid-line: end that line so the next record stands alone.
      const { size } = await handle.stat();
      if (size > 0) {
        const last = new Uint8Array(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) await handle.appendFile('\n', 'utf8');
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.#handle = handle;
    return handle;
  }

  #report(error: LedgerWriteError): void {
    try {
      this.#onError(error);
    } catch {
      // The error callback is the user's; its failure must not reach a request either.
    }
  }
}
