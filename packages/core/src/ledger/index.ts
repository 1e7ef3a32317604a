// `@wattlens/core/ledger`: the Node.js-only part of core (it uses node:fs), kept apart so that
// `@wattlens/core` runs in browsers and edge runtimes.
export { Ledger } from './ledger';
export type { LedgerOptions } from './ledger';
export { loadLedger, readLedger, readLedgerRecords } from './read-ledger';
export type { LedgerReadWarning, ReadLedgerOptions } from './read-ledger';
export { LedgerWriteError } from '../errors/ledger-write-error';
export type { LedgerWriteErrorOptions } from '../errors/ledger-write-error';
