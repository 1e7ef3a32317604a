import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, integerFlag, parseFlags } from '../internal/args';
import { DEFAULT_DEMO_REQUESTS } from '../internal/demo-script';

/** The help text of `wattlens demo`. */
export const DEMO_HELP = `Usage: wattlens demo [--requests N] [--no-dashboard] [--ledger FILE] [--latency realistic|none]
                     [--seed N] [--port N]

Shows WattLens at work, offline and without an API key: starts a local simulator of the OpenAI,
Mistral and Hugging Face APIs, and sends a scripted session of requests through the three
official SDKs wrapped by WattLens (chat, streams, embeddings, an image, a summarisation; small and
large models), tagged by user and feature, into a meter with budgets. Opens the live dashboard
(its address is printed first) and a live summary in the terminal; both stay up after the session
until Ctrl-C. The default session takes about a minute.

  --requests N               requests in the session (default ${DEFAULT_DEMO_REQUESTS})
  --no-dashboard             headless: no dashboard, no live view; runs the session, prints a
                             one-line summary and exits (0 on success), for scripts
  --ledger FILE              also append every request to this ledger (JSON Lines), for
                             \`wattlens report\` and \`wattlens dashboard --ledger\`
  --latency realistic|none   the simulator's time to first token and token pace (default
                             realistic); none answers at once
  --seed N                   seed of the simulated replies and of the pauses (default 0)
  --port N                   the dashboard's port (default 0: any free port)
`;

const MAX_PORT = 65_535;
const MAX_REQUESTS = 100_000;

/** `wattlens demo`: the scripted session through the three SDKs, with the dashboard or headless. */
export const demoCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    requests: { type: 'string' },
    'no-dashboard': { type: 'boolean', default: false },
    ledger: { type: 'string' },
    latency: { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(DEMO_HELP);
    return 0;
  }
  const requests = integerFlag('requests', values.requests) ?? DEFAULT_DEMO_REQUESTS;
  if (requests < 1 || requests > MAX_REQUESTS) throw new UsageError(`--requests must be between 1 and ${MAX_REQUESTS}, got "${values.requests}"`);
  const latency = choiceFlag('latency', values.latency, ['realistic', 'none'] as const) ?? 'realistic';
  const seed = integerFlag('seed', values.seed) ?? 0;
  if (seed > 0xffff_ffff) throw new UsageError(`--seed must be at most ${0xffff_ffff}, got "${values.seed}"`);
  const dashboard = !values['no-dashboard'];
  const port = integerFlag('port', values.port);
  if (port !== undefined && port > MAX_PORT) throw new UsageError(`--port must be at most ${MAX_PORT}, got "${values.port}"`);
  if (port !== undefined && !dashboard) throw new UsageError('--port sets the dashboard\'s port: drop it, or drop --no-dashboard');

  let ledger: { path: string; name: string } | undefined;
  if (values.ledger !== undefined) {
    const name = values.ledger;
    if (name.trim() === '') throw new UsageError('--ledger must be a file name');
    const path = resolve(io.cwd, name);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) throw new UsageError(`"${name}" is a directory, not a ledger file`);
    if (statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory() !== true) {
      throw new UsageError(`the directory of "${name}" does not exist: create it first, or pick another --ledger`);
    }
    ledger = { path, name };
  }

  // Loaded on use: the three SDKs, the simulator and the dashboard would slow every other command's start.
  const { runDemo } = await import('../internal/demo-run');
  return runDemo({ requests, dashboard, port, ledger, latency, seed }, io);
};
