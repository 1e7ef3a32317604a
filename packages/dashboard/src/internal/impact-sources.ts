import type { Meter } from '@wattlens/core';
import type { DashboardModel } from './dashboard-model';
import { LedgerTail } from './ledger-tail';
import { RecordDeduplicator } from './record-deduplicator';

/** What feeds a dashboard model. */
export interface ImpactSources {
  /** A live meter: its `impact-recorded` and budget events. */
  readonly meter?: Meter | undefined;
  /** A ledger file: its records, then the ones appended. */
  readonly ledger?: string | undefined;
  /** How often the ledger is checked for appended lines, in milliseconds. */
  readonly pollIntervalMs: number;
}

/**
 * Feeds a model from a meter and/or a ledger file. With a meter alone, what the meter counted
 * before is added as a baseline; with a ledger too, the ledger is the history (the meter's past is
 * usually the ledger's, replayed or about to be written), and a request that arrives both as a
 * meter event and as a ledger line is counted once.
 *
 * @param model - The model to feed.
 * @param sources - The meter, the ledger file and the polling interval.
 * @returns A function that stops feeding (unsubscribes, stops following the file).
 * @throws {InvalidRequestError} when the ledger path is a directory; the file system's error when it cannot be read.
 */
export async function connectSources(model: DashboardModel, sources: ImpactSources): Promise<() => Promise<void>> {
  const { meter, ledger } = sources;
  const deduplicator = new RecordDeduplicator();
  const both = meter !== undefined && ledger !== undefined;
  const stops: (() => void)[] = [];
  if (meter !== undefined) {
    if (!both) model.addBaseline(meter.snapshot());
    stops.push(
      meter.on('impact-recorded', ({ record }) => {
        if (!both || deduplicator.accept(record, 'meter')) model.add(record);
      }),
      meter.on('budget-warning', (event) => model.addAlert('budget-warning', event)),
      meter.on('budget-exceeded', (event) => model.addAlert('budget-exceeded', event)),
    );
  }
  let tail: LedgerTail | undefined;
  if (ledger !== undefined) {
    tail = new LedgerTail({
      path: ledger,
      pollIntervalMs: sources.pollIntervalMs,
      onRecord: (record) => {
        if (!both || deduplicator.accept(record, 'ledger')) model.add(record);
      },
      onSkippedLine: () => model.skipLine(),
    });
    try {
      await tail.start();
    } catch (error) {
      for (const stop of stops) stop();
      throw error;
    }
  }
  return async () => {
    for (const stop of stops) stop();
    await tail?.close();
  };
}
