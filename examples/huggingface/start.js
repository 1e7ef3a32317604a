import { run } from './example.js';

await run({ token: process.env.HF_TOKEN || undefined });
