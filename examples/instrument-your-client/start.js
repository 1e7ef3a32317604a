import { run } from './example.js';

await run();
