import { estimate, WattLensError, type EstimateOptions, type EstimateRequest } from '@wattlens/core';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, integerFlag, numberFlag, parseFlags, requiredFlag } from '../internal/args';
import { printReport } from '../internal/print-report';

export const ESTIMATE_HELP = `Usage: wattlens estimate --provider ID --model ID --input-tokens N --output-tokens N [options]

Estimates the environmental impact of one request.

  --provider ID          openai, mistral, huggingface, anthropic, google, cohere, or a host (groq, …)
  --model ID             model id, e.g. gpt-4o-mini or meta-llama/Llama-3.1-8B-Instruct
  --input-tokens N       prompt tokens (default 0)
  --output-tokens N      generated tokens (default 0)
  --latency SECONDS      wall-clock latency of the request
  --zone CODE            electricity zone, ISO 3166-1 alpha-3 (FRA, USA, …) or WOR
  --pue X                datacenter PUE (>= 1)
  --wue X                datacenter on-site water use, L/kWh
  --methodology NAME     wattlens (default) or ecologits
  --json                 print the ImpactReport as JSON
`;

/** `wattlens estimate`: one request's impact, readable or as JSON. */
export const estimateCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    provider: { type: 'string' },
    model: { type: 'string' },
    'input-tokens': { type: 'string' },
    'output-tokens': { type: 'string' },
    latency: { type: 'string' },
    zone: { type: 'string' },
    pue: { type: 'string' },
    wue: { type: 'string' },
    methodology: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(ESTIMATE_HELP);
    return 0;
  }
  const latency = numberFlag('latency', values.latency);
  const inputTokens = integerFlag('input-tokens', values['input-tokens']);
  const outputTokens = integerFlag('output-tokens', values['output-tokens']);
  const request: EstimateRequest = {
    provider: requiredFlag('provider', values.provider),
    model: requiredFlag('model', values.model),
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(latency === undefined ? {} : { latencyMs: latency * 1000 }),
  };
  const methodology = choiceFlag('methodology', values.methodology, ['wattlens', 'ecologits'] as const);
  const pue = numberFlag('pue', values.pue, 1);
  const wue = numberFlag('wue', values.wue);
  const options: EstimateOptions = {
    ...(methodology === undefined ? {} : { methodology }),
    ...(values.zone === undefined ? {} : { zone: values.zone }),
    ...(pue === undefined ? {} : { pue }),
    ...(wue === undefined ? {} : { wue }),
  };
  let report;
  try {
    report = estimate(request, options);
  } catch (error) {
    if (WattLensError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : printReport(report));
  return 0;
};
