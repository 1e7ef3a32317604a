// Opens the dashboard and keeps a request coming every 1.5 s until Ctrl-C.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './example.js';

const directory = await mkdtemp(join(tmpdir(), 'wattlens-dashboard-example-'));
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
console.log('Open the address below in your browser; Ctrl-C stops.');
const { close, path } = await run({ directory, port: Number(process.env.PORT ?? 0), requests: Number.POSITIVE_INFINITY, intervalMs: 1500, signal: stop.signal });
await close();
console.log(`The ledger is in ${path}: try \`wattlens report ${path}\` or \`wattlens dashboard --ledger ${path}\`.`);
