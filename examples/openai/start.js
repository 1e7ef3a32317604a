import { run } from './example.js';

// With OPENAI_API_KEY set, the example calls the OpenAI API (a few cheap requests); otherwise the
// local simulator.
await run({ apiKey: process.env.OPENAI_API_KEY });
