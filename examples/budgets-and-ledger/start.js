import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './example.js';

const directory = await mkdtemp(join(tmpdir(), 'wattlens-example-'));
const { path } = await run({ directory });
console.log(`\nThe ledger is at ${path}; try: wattlens report ${path} --by tag:user`);
