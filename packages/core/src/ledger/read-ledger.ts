/// <reference types="node" />
import { createReadStream } from 'node:fs';
import type { ImpactRecord } from '../impact-record';
import type { Meter } from '../meter';
import { InvalidRequestError } from '../errors/invalid-request-error';
import { parseImpactRecord } from '../impact-record';

/** A line of a ledger that was skipped. Never holds the line's content. */
export interface LedgerReadWarning {
  /** `ledger-line-torn`: the last line is incomplete (a crash mid-write); `ledger-line-invalid`: a line is not a record. */
  readonly code: 'ledger-line-torn' | 'ledger-line-invalid';
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

/** Options of {@link readLedger} and {@link loadLedger}. */
export interface ReadLedgerOptions {
  /** Keep only records at or after this time (a `Date`, epoch milliseconds or an ISO 8601 string). */
  readonly since?: Date | number | string;
  /** Keep only records before this time. */
  readonly until?: Date | number | string;
  /** Called for each skipped line, as it is met. */
  readonly onWarning?: (warning: LedgerReadWarning) => void;
}

function toTime(field: string, value: Date | number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(time)) throw new InvalidRequestError({ field: `options.${field}`, value: String(value), expected: 'a Date, epoch milliseconds or an ISO 8601 date' });
  return time;
}

/**
 * Reads a ledger line by line, yielding its records (those within `since`/`until`). Skips blank
 * lines silently, and lines that are not records with a warning: a torn last line (a crash
 * mid-write) never loses the records before it.
 *
 * @param path - The ledger file.
 * @param options - Time filter and warning callback.
 * @returns The records, in file order.
 * @throws the file system's error when the file cannot be opened (e.g. `ENOENT`).
 * @example
 * ```ts
 * for await (const record of readLedgerRecords('impact.jsonl')) console.log(record.model);
 * ```
 */
export async function* readLedgerRecords(path: string, options: ReadLedgerOptions = {}): AsyncGenerator<ImpactRecord, void, undefined> {
  const since = toTime('since', options.since);
  const until = toTime('until', options.until);
  const stream = createReadStream(path, { encoding: 'utf8' });
  let remainder = '';
  let lineNumber = 0;

  function* take(line: string, complete: boolean): Generator<ImpactRecord> {
    lineNumber += 1;
    if (line.trim() === '') return;
    let record: ImpactRecord;
    try {
      record = parseImpactRecord(JSON.parse(line));
    } catch (error) {
      const reason = InvalidRequestError.isInstance(error) ? `field ${error.field} is not ${error.expected}` : 'it is not valid JSON';
      options.onWarning?.(complete
        ? { code: 'ledger-line-invalid', line: lineNumber, message: `Line ${lineNumber} is not an impact record (${reason}); skipped.` }
        : { code: 'ledger-line-torn', line: lineNumber, message: `Line ${lineNumber} is incomplete (the writer stopped mid-line); skipped. The records before it are intact.` });
      return;
    }
    const time = Date.parse(record.time);
    if (since !== undefined && time < since) return;
    if (until !== undefined && time >= until) return;
    yield record;
  }

  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (remainder + chunk).split('\n');
    remainder = lines.pop() ?? '';
    for (const line of lines) yield* take(line.endsWith('\r') ? line.slice(0, -1) : line, true);
  }
  if (remainder !== '') yield* take(remainder, false);
}

/**
 * Reads a whole ledger into memory.
 *
 * @param path - The ledger file.
 * @param options - Time filter and warning callback.
 * @returns The records in file order, and the warnings for skipped lines.
 * @throws the file system's error when the file cannot be opened (e.g. `ENOENT`).
 * @example
 * ```ts
 * const { records, warnings } = await readLedger('impact.jsonl', { since: '2026-11-01' });
 * ```
 */
export async function readLedger(path: string, options: ReadLedgerOptions = {}): Promise<{ readonly records: ImpactRecord[]; readonly warnings: LedgerReadWarning[] }> {
  const records: ImpactRecord[] = [];
  const warnings: LedgerReadWarning[] = [];
  for await (const record of readLedgerRecords(path, { ...options, onWarning: (warning) => { warnings.push(warning); options.onWarning?.(warning); } })) {
    records.push(record);
  }
  return { records, warnings };
}

/**
 * Streams a ledger into a meter with {@link Meter.replay} (totals, windows, budgets; no events),
 * without holding the records in memory: after a restart, replaying today's ledger restores
 * today's budgets.
 *
 * @param path - The ledger file.
 * @param meter - The meter to fill.
 * @param options - Time filter and warning callback.
 * @returns How many records were replayed, and the warnings.
 * @throws the file system's error when the file cannot be opened (e.g. `ENOENT`).
 * @example
 * ```ts
 * const meter = new Meter({ budgets });
 * await loadLedger('impact.jsonl', meter, { since: new Date(Date.now() - 86_400_000) });
 * ```
 */
export async function loadLedger(path: string, meter: Meter, options: ReadLedgerOptions = {}): Promise<{ readonly records: number; readonly warnings: LedgerReadWarning[] }> {
  const warnings: LedgerReadWarning[] = [];
  let records = 0;
  const batch: ImpactRecord[] = [];
  for await (const record of readLedgerRecords(path, { ...options, onWarning: (warning) => { warnings.push(warning); options.onWarning?.(warning); } })) {
    batch.push(record);
    if (batch.length >= 1000) records += meter.replay(batch.splice(0));
  }
  records += meter.replay(batch);
  return { records, warnings };
}
