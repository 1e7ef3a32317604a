import { WattLensError } from './wattlens-error';

const marker = Symbol.for('wattlens.error.ledger-write');

/** Options of {@link LedgerWriteError}. */
export interface LedgerWriteErrorOptions {
  /** The ledger file. */
  readonly path: string;
  /** How many records could not be written (they are dropped). */
  readonly records: number;
  /** The system error code, e.g. `EACCES`, `ENOENT`, `ENOSPC`, or `closed` for a write after `close()`. */
  readonly reason: string;
  readonly cause?: unknown;
}

/**
 * Reported (never thrown into a request) when a ledger cannot append its records: a missing or
 * read-only directory, a full disk, a write after `close()`. The ledger keeps trying with the
 * next records.
 *
 * @example
 * ```ts
 * const ledger = new Ledger('impact.jsonl', { onError: (error) => console.error(error.reason, error.records) });
 * ```
 */
export class LedgerWriteError extends WattLensError {
  private readonly [marker] = true;
  readonly path: string;
  readonly records: number;
  readonly reason: string;

  constructor({ path, records, reason, cause }: LedgerWriteErrorOptions) {
    super({
      code: 'ledger-write-failed',
      message: reason === 'closed'
        ? `The WattLens ledger ${path} is closed: ${records} record(s) were dropped. Create a new Ledger to keep writing.`
        : `Could not append ${records} record(s) to the WattLens ledger ${path} (${reason}); they were dropped. `
          + 'Check that the directory exists, is writable and has free space; the ledger retries with the next records.',
      cause,
    });
    this.name = 'LedgerWriteError';
    this.path = path;
    this.records = records;
    this.reason = reason;
  }

  /**
   * Tells whether a value is a {@link LedgerWriteError}, from any copy of the package.
   *
   * @param error - Any value.
   * @returns `true` when `error` is a ledger write failure.
   */
  static override isInstance(error: unknown): error is LedgerWriteError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
