// What it costs to take back the `usage: null` key that `stream_options.include_usage` adds to
// every chunk of an OpenAI-format stream (the adapters ask for usage on the caller's behalf, then
// restore the chunks the caller would have had): `delete chunk.usage`, against a copy without the
// key (core's `withoutAddedUsage`, an object rest), against the two other ways to copy a chunk
// whose keys are known only when it arrives (key by key in a `for…in` loop, key by key over
// `Object.keys`), against leaving the chunk as it is, and against editing the
// response's bytes before the SDK parses them (each network read decoded, the key removed from
// the text, encoded again: no chunk object touched). The raw openai 7 SDK reads the canned
// 2,000-chunk stream of bench/openai-overhead.mjs (no network; chunks end with OpenAI's
// `obfuscation` padding, after `usage`); the consumer reads each chunk's text, as an application
// does. Also tells whether the chunks the consumer gets keep V8's fast properties: here, `delete`
// turns each parsed chunk into a slow dictionary object. (Inside the adapters' stream watcher,
// as WattLens did before commit c7816da, the same `delete` kept the chunks' fast properties but
// cost 8–10 µs per chunk: builds compared in alternating processes, docs/performance.md.)
// The byte edit does less than a restoration must (the usage chunk itself stays, and a key split
// between two reads is missed): its figure is a lower bound for restoring chunks from the bytes.
// Needs the built packages (`npm test` or `pnpm -r --filter './packages/**' build`).
// Run: node bench/chunk-restore.mjs [--json]
import { withoutAddedUsage } from '@wattlens/core';
import OpenAI from 'openai';
import os from 'node:os';
import v8 from 'node:v8';
import { cannedOpenAIOptions } from './overhead-harness.mjs';

v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)');

/** The SDK's `fetch`, with each read of a streamed body decoded, edited and encoded again. */
function editingFetch(fetch) {
  return async (url, init) => {
    const response = await fetch(url, init);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(decoder.decode(value, { stream: true }).replaceAll(',"usage":null', '')));
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

const options = cannedOpenAIOptions();
const client = new OpenAI(options);
const editingClient = new OpenAI({ ...options, fetch: editingFetch(options.fetch) });
const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], stream: true, stream_options: { include_usage: true } };

const variants = {
  'as it is (usage: null kept)': { client, restore: (chunk) => chunk },
  'delete chunk.usage': {
    client,
    restore: (chunk) => {
      if (chunk.usage === null) delete chunk.usage;
      return chunk;
    },
  },
  'copy without usage (withoutAddedUsage)': { client, restore: withoutAddedUsage },
  'copy key by key (for…in)': {
    client,
    restore: (chunk) => {
      if (chunk.usage !== null) return chunk;
      const copy = {};
      for (const key in chunk) if (key !== 'usage') copy[key] = chunk[key];
      return copy;
    },
  },
  'copy key by key (Object.keys)': {
    client,
    restore: (chunk) => {
      if (chunk.usage !== null) return chunk;
      const copy = {};
      const keys = Object.keys(chunk);
      for (let index = 0; index < keys.length; index += 1) {
        const key = keys[index];
        if (key !== 'usage') copy[key] = chunk[key];
      }
      return copy;
    },
  },
  'bytes edited before the SDK parses them': { client: editingClient, restore: (chunk) => chunk },
};
const names = Object.keys(variants);
const fast = {};

async function read(name) {
  const { client: sdk, restore } = variants[name];
  const stream = await sdk.chat.completions.create(body);
  let characters = 0;
  let chunks = 0;
  for await (const parsed of stream) {
    const chunk = restore(parsed);
    if (chunk === undefined) continue;
    chunks += 1;
    characters += chunk.choices[0]?.delta?.content?.length ?? 0;
    if (chunks === 1000) fast[name] = hasFastProperties(chunk);
  }
  return characters;
}

for (let warm = 0; warm < 150; warm += 1) for (const name of names) await read(name);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < 40; round += 1) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const start = process.cpuUsage();
    for (let stream = 0; stream < 4; stream += 1) await read(name);
    const used = process.cpuUsage(start);
    samples[name].push((used.user + used.system) / 4);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const base = median(samples[names[0]]);
const results = names.map((name) => ({
  name,
  cpuUsPerStream: median(samples[name]),
  addedUsPerChunk: (median(samples[name]) - base) / 2002,
  fastProperties: fast[name],
}));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ benchmark: 'chunk-restore', node: process.version, cpu: os.cpus()[0]?.model, results }, null, 2));
} else {
  console.log(`Restoring 2,002 chunks of a canned openai 7 stream, Node ${process.version}, ${os.cpus()[0]?.model} (median of 40 rounds of 4 streams)`);
  for (const result of results) {
    console.log(
      `  ${result.name.padEnd(40)} ${(result.cpuUsPerStream / 1000).toFixed(2)} ms CPU per stream, ${result.addedUsPerChunk >= 0 ? '+' : ''}${result.addedUsPerChunk.toFixed(2)} µs per chunk; chunks keep fast properties: ${result.fastProperties}`,
    );
  }
}
