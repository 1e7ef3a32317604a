import { startProviderSim, type ProviderSim } from '@wattlens/provider-sim';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, integerFlag, parseFlags } from '../internal/args';

/** The help text of `wattlens sim`. */
export const SIM_HELP = `Usage: wattlens sim [--port N] [--latency realistic|none] [--seed N]

Runs the local simulator of the OpenAI, Mistral and Hugging Face HTTP APIs on 127.0.0.1
until Ctrl-C. The official SDKs accept its replies; nothing leaves the machine.

  --port N                   port to listen on (default 0: any free port)
  --latency realistic|none   time to first token and speed per model class (default none)
  --seed N                   seed of the generated replies (default 0)
`;

const MAX_PORT = 65_535;

function instructions(sim: ProviderSim, latency: string, seed: number): string {
  const { openai, mistral, huggingface } = sim.urls;
  return `WattLens provider simulator on http://127.0.0.1:${sim.port} (latency: ${latency}, seed: ${seed}). Press Ctrl-C to stop.

OpenAI        ${openai}
  new OpenAI({ baseURL: '${openai}', apiKey: 'sim' })   (or OPENAI_BASE_URL=${openai})
Mistral       ${mistral}
  new Mistral({ serverURL: '${mistral}', apiKey: 'sim' })
Hugging Face  ${huggingface}
  endpoint:   client.chatCompletion({ endpointUrl: '${huggingface}/endpoints/my-model', messages })
  tasks:      endpointUrl '${huggingface}/tasks/feature-extraction' (or text-to-image, summarization,
              translation, automatic-speech-recognition, text-generation)
  providers:  new InferenceClient('hf_sim', { fetch: (url, init) =>
                fetch(String(url).replace(/^https:\\/\\/(router\\.)?huggingface\\.co/, '${huggingface}'), init) })

Per request: x-sim-fault (status:429, cut-after:N, stall-after:N, malformed:N,
slow-first-byte:MS, hang),
x-sim-output-tokens: N, x-sim-report-energy: 1. Details: docs/provider-sim.md
`;
}

/** `wattlens sim`: starts the provider simulator, prints how to point each SDK at it, stops on Ctrl-C. */
export const simCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    latency: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(SIM_HELP);
    return 0;
  }
  const port = integerFlag('port', values.port);
  if (port !== undefined && port > MAX_PORT) throw new UsageError(`--port must be at most ${MAX_PORT}, got "${values.port}"`);
  const latency = choiceFlag('latency', values.latency, ['realistic', 'none'] as const) ?? 'none';
  const seed = integerFlag('seed', values.seed) ?? 0;
  let sim: ProviderSim;
  try {
    sim = await startProviderSim({ latency, seed, ...(port === undefined ? {} : { port }) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new Error(`port ${port} is already in use: pick another with --port, or --port 0 for any free port`);
    }
    throw error;
  }
  io.stdout(instructions(sim, latency, seed));
  await io.interrupted;
  await sim.close();
  io.stdout('Provider simulator stopped.\n');
  return 0;
};
