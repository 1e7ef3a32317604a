import { run } from './example.js';

await run({ apiKey: process.env.MISTRAL_API_KEY || undefined });
