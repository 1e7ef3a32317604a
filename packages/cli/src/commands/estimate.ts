import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { estimate, estimateSpec, WattLensError, type EstimateOptions, type EstimateRequest, type EstimateSpec, type ImpactReport } from '@wattlens/core';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, integerFlag, numberFlag, parseFlags, requiredFlag } from '../internal/args';
import { printReport } from '../internal/print-report';

export const ESTIMATE_HELP = `Usage: wattlens estimate --provider ID --model ID --input-tokens N --output-tokens N [options]
       wattlens estimate --spec spec.json [options]

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
  --spec FILE            your own deployment, as JSON: { "model": { "totalParams", "activeParams",
                         "layers", "hiddenSize", "heads", "kvHeads", "headDim", "ffnSize" | "experts",
                         "expertsPerToken", "expertFfnSize" }, "hardware": "h200", "batchSize": 64,
                         "inputTokens": 1016, "outputTokens": 16 } (see docs/methodology.md)
  --json                 print the ImpactReport as JSON
`;

function readSpec(path: string, cwd: string): EstimateSpec {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --spec ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const spec: unknown = JSON.parse(text);
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error('not an object');
    return spec as EstimateSpec;
  } catch (error) {
    throw new UsageError(`--spec ${path} is not a JSON object: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs an estimate, turning a WattLens validation error into a usage error (exit code 2). */
function guarded(run: () => ImpactReport): ImpactReport {
  try {
    return run();
  } catch (error) {
    if (WattLensError.isInstance(error)) throw new UsageError(error.message);
    throw error;
  }
}

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
    spec: { type: 'string' },
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
  const methodology = choiceFlag('methodology', values.methodology, ['wattlens', 'ecologits'] as const);
  const pue = numberFlag('pue', values.pue, 1);
  const wue = numberFlag('wue', values.wue);
  const options: EstimateOptions = {
    ...(methodology === undefined ? {} : { methodology }),
    ...(values.zone === undefined ? {} : { zone: values.zone }),
    ...(pue === undefined ? {} : { pue }),
    ...(wue === undefined ? {} : { wue }),
  };
  let report: ImpactReport;
  if (values.spec !== undefined) {
    const spec = readSpec(values.spec, io.cwd);
    report = guarded(() => estimateSpec({
      ...spec,
      ...(values.provider === undefined ? {} : { provider: values.provider }),
      ...(values.model === undefined ? {} : { name: values.model }),
      ...(inputTokens === undefined ? {} : { inputTokens }),
      ...(outputTokens === undefined ? {} : { outputTokens }),
      ...(latency === undefined ? {} : { latencyMs: latency * 1000 }),
    }, options));
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : printReport(report));
    return 0;
  }
  const request: EstimateRequest = {
    provider: requiredFlag('provider', values.provider),
    model: requiredFlag('model', values.model),
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(latency === undefined ? {} : { latencyMs: latency * 1000 }),
  };
  report = guarded(() => estimate(request, options));
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : printReport(report));
  return 0;
};
