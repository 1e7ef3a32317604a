/**
 * Prints the tables of docs/validation.md: the `wattlens` methodology against measured GPU energy
 * (H200 microbenchmarks, ML.ENERGY vLLM serving on H100 and B200) and against published per-query
 * figures, with EcoLogits 0.9.1 on the same requests.
 *
 * Run: pnpm --filter @wattlens/core validate
 */
import { estimate, type EstimateRequest } from '../src/estimate';
import type { ImpactReport, Range } from '../src/impact-report';
import { H200_MEASUREMENTS, MLENERGY_MEASUREMENTS, type ServingMeasurement } from '../test/fixtures/gpu-measurements';

const JOULES_PER_KWH = 3.6e6;

const LLAMA: Record<string, { totalParams: number; layers: number; hiddenSize: number; heads: number; kvHeads: number; headDim: number; ffnSize: number; vocabSize: number }> = {
  'meta-llama/Llama-3.1-8B-Instruct': { totalParams: 8.03e9, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, ffnSize: 14336, vocabSize: 128256 },
  'meta-llama/Llama-3.1-70B-Instruct': { totalParams: 70.55e9, layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8, headDim: 128, ffnSize: 28672, vocabSize: 128256 },
  'meta-llama/Llama-3.1-405B-Instruct': { totalParams: 405.85e9, layers: 126, hiddenSize: 16384, heads: 128, kvHeads: 8, headDim: 128, ffnSize: 53248, vocabSize: 128256 },
};

function gpuJoules(report: ImpactReport): number {
  return (report.breakdown.gpu.prefill.value + report.breakdown.gpu.decode.value) * JOULES_PER_KWH;
}

function servingGpuJoules(row: ServingMeasurement, inputTokens: number): number {
  const report = estimate(
    { provider: 'vllm', model: row.model, inputTokens, outputTokens: Math.round(row.averageOutputTokens) },
    { deployment: { model: LLAMA[row.model], hardware: row.gpu.toLowerCase(), gpus: row.gpus, batchSize: row.averageBatch } },
  );
  return gpuJoules(report);
}

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(0)} %`;
const wh = (kwh: number) => (kwh * 1000).toPrecision(3);
const whRange = (r: Range) => `${wh(r.value)} (${wh(r.min)}–${wh(r.max)})`;

// ---------------------------------------------------------------------------------------------
console.log('## H200 microbenchmarks (GPU term)\n');
console.log('| shape | phase | batch | context | measured J/token (mean of 2 machines) | model J/token | error |');
console.log('|---|---|---|---|---|---|---|');
for (const row of H200_MEASUREMENTS) {
  const a = row.architecture;
  const deployment = { model: { totalParams: row.totalParameters, layers: a.layers, hiddenSize: a.hidden, heads: a.heads, kvHeads: a.kvHeads, headDim: a.headDim, ffnSize: a.ffn }, hardware: 'h200', batchSize: row.batch };
  const report = row.phase === 'decode'
    ? estimate({ provider: 'vllm', model: row.shape, inputTokens: row.context, outputTokens: 1 }, { deployment })
    : estimate({ provider: 'vllm', model: row.shape, inputTokens: row.context }, { deployment });
  const modelled = row.phase === 'decode'
    ? report.breakdown.gpu.decode.value * JOULES_PER_KWH
    : (report.breakdown.gpu.prefill.value * JOULES_PER_KWH) / row.context;
  const measured = Math.sqrt(row.joulesPerToken * row.retestJoulesPerToken);
  console.log(`| ${row.shape} | ${row.phase} | ${row.batch} | ${row.context} | ${measured.toPrecision(4)} | ${modelled.toPrecision(4)} | ${pct(modelled / measured - 1)} |`);
}

// ---------------------------------------------------------------------------------------------
console.log('\n## ML.ENERGY v3: vLLM serving of Llama 3.1 on H100 and B200 (GPU energy per request)\n');
console.log('| model | GPU | GPUs | avg batch | output tokens | measured J | model J, no prompt | model J, 250-token prompt | measured / model (250) |');
console.log('|---|---|---|---|---|---|---|---|---|');
const ratios = new Map<string, number[]>();
for (const row of MLENERGY_MEASUREMENTS) {
  const bare = servingGpuJoules(row, 0);
  const withPrompt = servingGpuJoules(row, 250);
  const ratio = row.joulesPerRequest / withPrompt;
  const key = `${row.model.split('/')[1]} ${row.gpu}`;
  ratios.set(key, [...(ratios.get(key) ?? []), ratio]);
  console.log(`| ${row.model.split('/')[1]} | ${row.gpu} | ${row.gpus} | ${row.averageBatch} | ${row.averageOutputTokens} | ${row.joulesPerRequest} | ${bare.toFixed(1)} | ${withPrompt.toFixed(1)} | ${ratio.toFixed(2)} |`);
}
console.log('\n| configuration | measured / model, batch ≤ 64 | batch 128–256 | batch > 256 |');
console.log('|---|---|---|---|');
for (const [key] of ratios) {
  const rows = MLENERGY_MEASUREMENTS.filter((row) => `${row.model.split('/')[1]} ${row.gpu}` === key);
  const band = (low: number, high: number) => {
    const values = rows.filter((row) => row.averageBatch > low && row.averageBatch <= high).map((row) => row.joulesPerRequest / servingGpuJoules(row, 250));
    return values.length === 0 ? '—' : `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
  };
  console.log(`| ${key} | ${band(0, 64)} | ${band(64, 256)} | ${band(256, Infinity)} |`);
}

// Differences between batch sizes cancel the prompt, whatever its length.
console.log('\n| configuration | measured E(batch 8) − E(batch 64), J | model, J | ratio |');
console.log('|---|---|---|---|');
for (const [key] of ratios) {
  const rows = MLENERGY_MEASUREMENTS.filter((row) => `${row.model.split('/')[1]} ${row.gpu}` === key);
  const at8 = rows.find((row) => row.maxBatch === 8);
  const at64 = rows.find((row) => row.maxBatch === 64);
  if (at8 === undefined || at64 === undefined) continue;
  const measured = at8.joulesPerRequest - at64.joulesPerRequest;
  const modelled = servingGpuJoules(at8, 250) - servingGpuJoules(at64, 250);
  console.log(`| ${key} | ${measured.toFixed(1)} | ${modelled.toFixed(1)} | ${(measured / modelled).toFixed(2)} |`);
}

// ---------------------------------------------------------------------------------------------
console.log('\n## Published per-query figures\n');
console.log('| published figure | our request | wattlens energy, Wh | wattlens CO2e, g | wattlens water, mL | EcoLogits energy, Wh | EcoLogits CO2e, g |');
console.log('|---|---|---|---|---|---|---|');
const published: [string, EstimateRequest, string?][] = [
  ['Google, median Gemini Apps text prompt: 0.24 Wh, 0.03 gCO2e (market-based), 0.26 mL (Elsen et al. 2025)', { provider: 'google', model: 'gemini-2.5-flash', inputTokens: 500, outputTokens: 400 }],
  ['OpenAI, average ChatGPT query: 0.34 Wh, 0.32 mL (S. Altman, 2025-06-10)', { provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 500 }],
  ['Epoch AI, typical GPT-4o query (≈ 500 output tokens): ≈ 0.3 Wh (J. You, 2025-02-07)', { provider: 'openai', model: 'gpt-4o', inputTokens: 100, outputTokens: 500 }],
  ['Mistral, Large 2, 400-token response: 1.14 gCO2e, 45 mL, 0.16 mg Sb eq (Mistral AI LCA with Carbone 4 and ADEME, 2025-07)', { provider: 'mistral', model: 'mistral-large-2407', inputTokens: 100, outputTokens: 400 }],
  ['ML.ENERGY, Llama 3.1 8B on one H100 at batch 64, 396 output tokens: 46.9 J = 0.013 Wh of GPU energy', { provider: 'huggingface', model: 'meta-llama/Llama-3.1-8B-Instruct', inputTokens: 250, outputTokens: 396 }],
];
for (const [label, request] of published) {
  const ours = estimate(request);
  const theirs = estimate({ ...request, latencyMs: undefined as never }, { methodology: 'ecologits' });
  console.log(`| ${label} | ${request.provider}/${request.model}, ${request.inputTokens} in, ${request.outputTokens} out | ${whRange(ours.energy)} | ${(ours.gwp.value * 1000).toPrecision(3)} | ${(ours.water.value * 1000).toPrecision(3)} | ${whRange(theirs.energy)} | ${(theirs.gwp.value * 1000).toPrecision(3)} |`);
}

// ---------------------------------------------------------------------------------------------
console.log('\n## wattlens and EcoLogits on the same requests\n');
console.log('| request | wattlens Wh | EcoLogits Wh | ratio | what drives the difference |');
console.log('|---|---|---|---|---|');
const same: [EstimateRequest, string][] = [
  [{ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 400, outputTokens: 300 }, 'output-only fit at batch 64 vs our class batch and FP8/BF16 range'],
  [{ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 20000, outputTokens: 300 }, 'EcoLogits ignores the 20k-token prompt; we charge prefill and KV reads'],
  [{ provider: 'mistral', model: 'ministral-8b-2410', inputTokens: 400, outputTokens: 300 }, 'small dense model: EcoLogits ~9× high against measured energy at batch 64'],
  [{ provider: 'huggingface', model: 'meta-llama/Llama-3.1-70B-Instruct', inputTokens: 400, outputTokens: 300 }, 'dense 70B'],
  [{ provider: 'huggingface', model: 'mistralai/Mixtral-8x7B-Instruct-v0.1', inputTokens: 400, outputTokens: 300 }, 'MoE: experts touched by the batch are read, not only active ones'],
  [{ provider: 'openai', model: 'gpt-4o', inputTokens: 400, outputTokens: 500 }, 'closed MoE: parameter estimates differ (ours 400B/100B, EcoLogits 440B/44–132B)'],
];
for (const [request, why] of same) {
  const ours = estimate(request).energy.value;
  const theirs = estimate(request, { methodology: 'ecologits' }).energy.value;
  console.log(`| ${request.provider}/${request.model}, ${request.inputTokens} in, ${request.outputTokens} out | ${wh(ours)} | ${wh(theirs)} | ${(theirs / ours).toFixed(2)} | ${why} |`);
}
