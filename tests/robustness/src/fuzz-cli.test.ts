// Bad input: the CLI's main() with random and hostile arguments, through a captured CliIO. Every
// run ends (bounded by a timeout), exits 0, 1 or 2, says what went wrong in one line, prints
// valid JSON when asked for it, and leaves no global state poisoned. FUZZ_RUNS scales it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimate, toImpactRecord } from '@wattlens/core';
import fc from 'fast-check';
import { main } from 'wattlens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIO } from './internal/capture-io';
import { globalFingerprint, hostileObject, PROTOTYPE_KEYS } from './internal/global-state';

const runs = Math.ceil(Number(process.env.FUZZ_RUNS ?? 2_000) / 5);
/** A run that has not ended by then is a hang (a command waits on `interrupted`, which these runs have already resolved). */
const HANG_MS = 15_000;

let directory: string;
let fingerprint: string;
const processListeners = (): Record<string, number> =>
  Object.fromEntries(['SIGINT', 'SIGTERM', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection'].map((event) => [event, process.listenerCount(event)]));
let listenersBefore: Record<string, number>;

beforeAll(async () => {
  fingerprint = globalFingerprint();
  listenersBefore = processListeners();
  directory = await mkdtemp(join(tmpdir(), 'wattlens-fuzz-cli-'));
  // Ledgers for `report`, `watch` and `dashboard`: a sound one with hostile tags and a torn last
  // line, an empty one, one of garbage bytes, a directory.
  const records = [0, 1, 2].map((index) =>
    toImpactRecord(estimate({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 10 + index, outputTokens: 5 }), { operation: 'chat', tags: hostileObject({ user: `ünïcødé-${index}` }) as Record<string, string> }));
  await writeFile(join(directory, 'impact.jsonl'), `${records.map((record) => JSON.stringify(record)).join('\n')}\n{"v":1,"ti`);
  await writeFile(join(directory, 'empty.jsonl'), '');
  await writeFile(join(directory, 'garbage.jsonl'), new Uint8Array(4096).map((_, index) => (index * 7919) % 256));
  await writeFile(join(directory, 'polluting.jsonl'), `${JSON.stringify(hostileObject({ v: 1 }))}\n{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}\n`);
  await mkdir(join(directory, 'a-directory.jsonl'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
  expect(globalFingerprint()).toBe(fingerprint);
  expect(processListeners()).toEqual(listenersBefore);
});

const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(...PROTOTYPE_KEYS, '', ' ', '-', '--', '-h', 'NaN', 'Infinity', '-Infinity', '-0', '-1', '0.5', '1e3', '1e999', '0x10', '١٢٣', '9'.repeat(400),
    'gpt-4o\u0000', 'ＧＰＴ－４ｏ', '\u202Egpt-4o', 'openai/gpt-4o,,', 'openai/gpt-4o@ZZZ', '@', '/', 'openai/', 'x'.repeat(5_000), '../../etc/passwd', '%s%n', '\n', 'a\nb'),
);
/** Numbers as a user might type them, good and bad. */
const numberText = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.constantFrom('0', '1', '400', '1000000', '18446744073709551616', '1_000', '1,5', ' 7 '), hostileText);
const ledgerPath = fc.constantFrom('impact.jsonl', 'empty.jsonl', 'garbage.jsonl', 'polluting.jsonl', 'a-directory.jsonl', 'missing.jsonl', 'no/such/dir/x.jsonl', '__proto__', 'ünïcødé.jsonl');

/** A command's flags (each with the values to try) and its boolean flags. */
interface CommandShape {
  readonly name: string;
  readonly flags: Readonly<Record<string, fc.Arbitrary<string>>>;
  readonly booleans: readonly string[];
  /** Arguments given before the fuzzed ones, some of the time (so that runs go past "--x is required"). */
  readonly base?: readonly string[];
  readonly positional?: fc.Arbitrary<string>;
}

const models = fc.constantFrom('gpt-4o-mini', 'gpt-4o', 'mistral-small-latest', 'meta-llama/Llama-3.1-8B-Instruct', 'unknown-model-x');
const COMMANDS: readonly CommandShape[] = [
  {
    name: 'estimate',
    flags: {
      provider: fc.oneof(fc.constantFrom('openai', 'mistral', 'huggingface', 'groq'), hostileText),
      model: fc.oneof(models, hostileText),
      'input-tokens': numberText,
      'output-tokens': numberText,
      latency: numberText,
      zone: fc.oneof(fc.constantFrom('FRA', 'USA', 'WOR', 'fra', 'ZZZ'), hostileText),
      pue: numberText,
      wue: numberText,
      methodology: fc.oneof(fc.constantFrom('wattlens', 'ecologits'), hostileText),
      spec: fc.oneof(ledgerPath, hostileText),
    },
    booleans: ['json', 'help'],
    base: ['--provider', 'openai', '--model', 'gpt-4o-mini'],
  },
  {
    name: 'compare',
    flags: {
      models: fc.oneof(fc.constantFrom('openai/gpt-4o,openai/gpt-4o-mini', 'mistral/mistral-small-latest,huggingface/meta-llama/Llama-3.1-8B-Instruct@FRA', 'openai/gpt-4o@ZZZ,x/y'), hostileText),
      'input-tokens': numberText,
      'output-tokens': numberText,
      requests: numberText,
      latency: numberText,
      zone: hostileText,
      metric: fc.oneof(fc.constantFrom('gwp', 'energy', 'water', 'adpe', 'pe'), hostileText),
      current: hostileText,
      methodology: hostileText,
      locale: fc.oneof(fc.constantFrom('en', 'fr'), hostileText),
    },
    booleans: ['json', 'help'],
    base: ['--models', 'openai/gpt-4o,openai/gpt-4o-mini'],
  },
  {
    name: 'models',
    flags: { provider: fc.oneof(fc.constantFrom('openai', 'mistral'), hostileText), search: hostileText },
    booleans: ['zones', 'providers', 'json', 'help'],
  },
  {
    name: 'report',
    flags: {
      by: fc.oneof(fc.constantFrom('provider', 'model', 'tag:user', 'tag:__proto__', 'tag:constructor', 'tag:'), hostileText),
      since: fc.oneof(fc.constantFrom('2026-11-01', '2026-11-01T08:00Z', 'yesterday'), hostileText),
      until: hostileText,
      locale: hostileText,
    },
    booleans: ['json', 'help'],
    positional: fc.oneof(ledgerPath, hostileText),
  },
  {
    // Starts and stops at once: these runs are already interrupted. Ports from the invalid side
    // only (a valid one would bind it), hosts without --allow-remote (only loopback is allowed).
    name: 'dashboard',
    flags: { ledger: ledgerPath, port: fc.constantFrom('-1', '65536', '99999999999', 'abc', '1e3', '0x10', '', ' ', '80.5', 'NaN'), host: fc.oneof(fc.constantFrom('0.0.0.0', '::', '192.168.1.10', 'localhost', '127.0.0.1'), hostileText) },
    booleans: ['help'],
  },
  {
    name: 'watch',
    flags: { ledger: ledgerPath, locale: fc.oneof(fc.constantFrom('en', 'fr'), hostileText) },
    booleans: ['plain', 'help'],
  },
  {
    name: 'sim',
    flags: { port: fc.constantFrom('-1', '65536', 'abc', '', '1.5'), latency: hostileText, seed: numberText },
    booleans: ['help'],
  },
  {
    // Invalid sizes only: a valid demo is a whole scripted session (its own tests run it).
    name: 'demo',
    flags: { requests: fc.constantFrom('-1', '0', 'abc', '1e99', '', '1.5'), latency: hostileText, seed: hostileText, port: fc.constantFrom('-1', '70000', 'x') },
    booleans: ['help'],
    base: ['--no-dashboard', '--requests', 'none'],
  },
];

function argvOf(shape: CommandShape): fc.Arbitrary<string[]> {
  const flag = fc.oneof(
    ...Object.entries(shape.flags).map(([name, value]) => value.map((text) => [`--${name}`, text])),
    fc.constantFrom(...shape.booleans).map((name) => [`--${name}`]),
    fc.constantFrom('--unknown', '--__proto__', '--constructor', '-x', '--json=1').map((name) => [name]),
  );
  return fc
    .record({ useBase: fc.boolean(), parts: fc.array(flag, { maxLength: 5 }), positional: shape.positional === undefined ? fc.constant(undefined) : fc.option(shape.positional, { nil: undefined }) })
    .map(({ useBase, parts, positional }) => [
      shape.name,
      ...(positional === undefined ? [] : [positional]),
      ...(useBase && shape.base !== undefined ? shape.base : []),
      ...parts.flat(),
    ]);
}

const anyArgv: fc.Arbitrary<string[]> = fc.oneof<fc.Arbitrary<string[]>[]>(
  ...COMMANDS.map(argvOf),
  fc.array(hostileText, { maxLength: 4 }),
  fc.constantFrom<string[]>([], ['--help'], ['-h'], ['help'], ['--version'], ['-v'], ['__proto__'], ['constructor'], ['toString'], ['hasOwnProperty']),
);

/** Runs main() with a bound: a run still going after HANG_MS fails the property. */
async function runBounded(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(directory, { interrupted: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`main(${JSON.stringify(argv)}) did not end within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const code = await Promise.race([main(argv, io), hang]);
    return { code, out: io.out(), err: io.err() };
  } finally {
    clearTimeout(timer);
  }
}

describe('the CLI under hostile arguments', () => {
  it('ends, exits 0, 1 or 2, and explains a failure in one line', async () => {
    await fc.assert(
      fc.asyncProperty(anyArgv, async (argv) => {
        const { code, out, err } = await runBounded(argv);
        expect([0, 1, 2], `exit code of ${JSON.stringify(argv)}`).toContain(code);
        if (argv.length === 0) {
          // No command: the list of commands, and exit code 2.
          expect([code, out]).toEqual([2, expect.stringMatching(/^Usage: wattlens <command>/)]);
          return;
        }
        if (code !== 0) {
          // One line, naming the command, with no stack trace.
          expect(err, JSON.stringify(argv)).toMatch(/^wattlens[^\n]*\n$/);
          expect(err).not.toMatch(/\n\s+at /);
        }
        if (code === 0 && argv.includes('--json') && !argv.includes('--help') && !argv.includes('-h')) {
          expect(() => JSON.parse(out), `stdout of ${JSON.stringify(argv)} is JSON`).not.toThrow();
        }
      }),
      { numRuns: runs },
    );
  });

  it('answers the same arguments the same way, run after run (no state kept between runs)', async () => {
    const argv = ['estimate', '--provider', 'openai', '--model', 'gpt-4o-mini', '--input-tokens', '400', '--output-tokens', '300', '--json'];
    const first = await runBounded(argv);
    await fc.assert(fc.asyncProperty(anyArgv, async (other) => {
      await runBounded(other);
    }), { numRuns: Math.ceil(runs / 4) });
    const again = await runBounded(argv);
    expect(again).toEqual(first);
    expect(first.code).toBe(0);
  });
});
