import { run } from './example.js';

await run({ port: Number(process.env.PORT ?? 9464) });
