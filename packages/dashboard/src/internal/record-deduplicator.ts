import type { ImpactRecord } from '@wattlens/core';

/** Where a record came from. */
export type RecordOrigin = 'meter' | 'ledger';

/** How long a record waits for its twin from the other origin; a ledger writes within a tick. */
const MATCH_WINDOW_MS = 60_000;
/** Most records waiting for their twin at once. */
const MAX_WAITING = 10_000;

interface Waiting {
  readonly origin: RecordOrigin;
  count: number;
  readonly since: number;
}

function fingerprint(record: ImpactRecord): string {
  const tags = Object.entries(record.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    record.time, record.startedAt, record.provider, record.model, record.operation, record.status, record.requestId,
    record.inputTokens, record.outputTokens, record.latencyMs, record.zone,
    record.energy.value, record.energy.min, record.energy.max, record.gwp.value, record.water.value, tags,
  ]);
}

/**
 * Counts each request once when it reaches the dashboard twice: from a meter's
 * `impact-recorded` event and from the ledger line that the same meter wrote. A record from one
 * origin that matches one still waiting from the other origin is a duplicate; two identical
 * records from the same origin are two requests. Only recent records are remembered.
 */
export class RecordDeduplicator {
  readonly #waiting = new Map<string, Waiting>();

  /**
   * @param record - A record just received.
   * @param origin - Where it came from.
   * @param now - The current time, in milliseconds since the epoch.
   * @returns `true` when the record should be counted, `false` for the twin of one already counted.
   */
  accept(record: ImpactRecord, origin: RecordOrigin, now: number = Date.now()): boolean {
    this.#prune(now);
    const time = Date.parse(record.time);
    // A record older than the window cannot have a twin in flight: no need to remember it.
    if (!Number.isNaN(time) && now - time > MATCH_WINDOW_MS) return true;
    const key = fingerprint(record);
    const waiting = this.#waiting.get(key);
    if (waiting !== undefined && waiting.origin !== origin) {
      waiting.count -= 1;
      if (waiting.count === 0) this.#waiting.delete(key);
      return false;
    }
    if (waiting !== undefined) {
      waiting.count += 1;
    } else {
      if (this.#waiting.size >= MAX_WAITING) {
        const oldest = this.#waiting.keys().next();
        if (oldest.done !== true) this.#waiting.delete(oldest.value);
      }
      this.#waiting.set(key, { origin, count: 1, since: now });
    }
    return true;
  }

  /** Records remembered (for the memory bound). */
  get size(): number {
    return this.#waiting.size;
  }

  #prune(now: number): void {
    for (const [key, waiting] of this.#waiting) {
      if (now - waiting.since <= MATCH_WINDOW_MS) break;
      this.#waiting.delete(key);
    }
  }
}
