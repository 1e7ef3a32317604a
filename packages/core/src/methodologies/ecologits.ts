import type { ElectricityFactors } from '../catalog-types';
import type { ImpactReport, Range, ReportWarning } from '../impact-report';
import type { MethodologyInput } from '../internal/resolve-request';
import { DATA_VERSION } from '../data/version';
import { resolveZone } from '../internal/resolve-request';

/**
 * Constants of EcoLogits 0.9.1 (ecologits/impacts/llm.py at tag 0.9.1, commit 2d0a1c76).
 * Every formula below follows that file operation for operation, so that results agree to the
 * last bits of a double. docs/methodology.md, "EcoLogits-compatible methodology", gives them all.
 */
export const ECOLOGITS_CONSTANTS = {
  version: '0.9.1',
  quantizationBits: 16,
  gpuEnergyAlpha: 1.1665273170451914e-6,
  gpuEnergyBeta: -0.011205921025579175,
  gpuEnergyGamma: 4.052928146734005e-5,
  latencyAlpha: 0.0006785088094353663,
  latencyBeta: 0.0003119310311688259,
  latencyGamma: 0.019473717579473387,
  gpuMemoryGb: 80,
  gpuEmbodiedGwp: 164,
  gpuEmbodiedAdpe: 5.1e-3,
  gpuEmbodiedPe: 1828,
  serverGpus: 8,
  serverPowerKw: 1.2,
  serverEmbodiedGwp: 5700,
  serverEmbodiedAdpe: 0.37,
  serverEmbodiedPe: 70000,
  hardwareLifespanSeconds: 3 * 365 * 24 * 60 * 60,
  batchSize: 64,
} as const;

const C = ECOLOGITS_CONSTANTS;

/** EcoLogits' own wording of its model warnings. */
const ECOLOGITS_WARNINGS: Readonly<Record<string, string>> = {
  'model-arch-not-released': 'The model architecture has not been released, expect lower precision.',
  'model-arch-multimodal': 'The model architecture is multimodal, expect lower precision.',
};

interface Run {
  energy: number;
  gpuEnergy: number;
  serverEnergy: number;
  usageGwp: number;
  usageAdpe: number;
  usagePe: number;
  water: number;
  embodiedGwp: number;
  embodiedAdpe: number;
  embodiedPe: number;
  gpus: number;
}

/** One pass of EcoLogits' DAG with scalar inputs (llm.py, `compute_llm_impacts_dag`). */
function run(
  activeParameters: number,
  totalParameters: number,
  outputTokens: number,
  requestLatency: number,
  mix: ElectricityFactors,
  pue: number,
  wue: number,
): Run {
  let gpuEnergyPerToken = C.gpuEnergyAlpha * Math.exp(C.gpuEnergyBeta * C.batchSize) * activeParameters + C.gpuEnergyGamma;
  gpuEnergyPerToken /= 1000;
  const gpuEnergy = outputTokens * gpuEnergyPerToken;

  const latencyPerToken = C.latencyAlpha * activeParameters + C.latencyBeta * C.batchSize + C.latencyGamma;
  const gpuLatency = outputTokens * latencyPerToken;
  const latency = requestLatency < gpuLatency ? requestLatency : gpuLatency;

  const memory = 1.2 * totalParameters * C.quantizationBits / 8;
  const gpuCount = Math.ceil(memory / C.gpuMemoryGb);
  const gpus = 2 ** Math.ceil(Math.log2(gpuCount));

  const serverEnergy = (latency / 3600) * C.serverPowerKw * (gpus / C.serverGpus) * (1 / C.batchSize);
  const energy = pue * (serverEnergy + gpus * gpuEnergy);

  const serverGpuGwp = (gpus / C.serverGpus) * C.serverEmbodiedGwp + gpus * C.gpuEmbodiedGwp;
  const serverGpuAdpe = (gpus / C.serverGpus) * C.serverEmbodiedAdpe + gpus * C.gpuEmbodiedAdpe;
  const serverGpuPe = (gpus / C.serverGpus) * C.serverEmbodiedPe + gpus * C.gpuEmbodiedPe;
  const lifetimeBatch = C.hardwareLifespanSeconds * C.batchSize;

  return {
    energy,
    gpuEnergy: gpus * gpuEnergy,
    serverEnergy,
    usageGwp: energy * mix.gwp,
    usageAdpe: energy * mix.adpe,
    usagePe: energy * mix.pe,
    water: energy * (wue + pue * mix.water),
    embodiedGwp: latency * serverGpuGwp / lifetimeBatch,
    embodiedAdpe: latency * serverGpuAdpe / lifetimeBatch,
    embodiedPe: latency * serverGpuPe / lifetimeBatch,
    gpus,
  };
}

function span(low: number, high: number): Range {
  return { value: (low + high) / 2, min: low, max: high };
}

const ZERO: Range = { value: 0, min: 0, max: 0 };

/**
 * `methodology: 'ecologits'`: EcoLogits 0.9.1's `llm_impacts`, reproduced exactly. Only output
 * tokens and latency matter to it; input tokens, hardware and batch size are fixed by its model.
 * A parameter, PUE or WUE range runs the computation at the low and at the high end, as EcoLogits
 * does; `value` is the midpoint (EcoLogits' `RangeValue.mean`).
 */
export function ecologitsMethodology(input: MethodologyInput): ImpactReport {
  const { catalog, model, provider, request } = input;
  const warnings: ReportWarning[] = input.warnings;
  const defaults = provider.ecologits ?? { zone: provider.zone, pue: provider.pue, wue: provider.wue };
  const zone = resolveZone(catalog, input.zone ?? defaults.zone, warnings);
  const pue = input.pue ?? defaults.pue;
  const wue = input.wue ?? defaults.wue;

  let mix: ElectricityFactors = zone;
  if (zone.ecologits !== undefined) {
    mix = zone.ecologits;
  } else {
    warnings.push({
      code: 'zone-not-in-ecologits',
      message: `EcoLogits 0.9.1 has no electricity mix for ${zone.code}: used WattLens' own factors for it, so this report cannot be compared with EcoLogits.`,
    });
  }

  let total = model.totalParameters;
  let active = model.activeParameters;
  const figures = model.ecologits;
  // A `-latest` alias that now names a newer version keeps EcoLogits' figures for that alias only.
  const requested = request.model.toLowerCase();
  if (figures !== undefined && (figures.names === undefined || figures.names.some((name) => name.toLowerCase() === requested))) {
    total = figures.totalParameters;
    active = figures.activeParameters;
    for (const code of figures.warnings) {
      warnings.push({ code, message: ECOLOGITS_WARNINGS[code] ?? code });
    }
  } else if (input.match !== 'fallback') {
    warnings.push({
      code: 'model-not-in-ecologits',
      message: `EcoLogits 0.9.1 does not list ${request.model}: used WattLens' parameter figures for it, so this report cannot be compared with EcoLogits.`,
    });
  }

  const latency = request.latencyMs === undefined ? Infinity : request.latencyMs / 1000;
  const low = run(active.min, total.min, request.outputTokens, latency, mix, pue.min, wue.min);
  const high = run(active.max, total.max, request.outputTokens, latency, mix, pue.max, wue.max);

  const energy = span(low.energy, high.energy);
  const usage = {
    energy,
    gwp: span(low.usageGwp, high.usageGwp),
    adpe: span(low.usageAdpe, high.usageAdpe),
    pe: span(low.usagePe, high.usagePe),
    water: span(low.water, high.water),
  };
  const embodied = {
    gwp: span(low.embodiedGwp, high.embodiedGwp),
    adpe: span(low.embodiedAdpe, high.embodiedAdpe),
    pe: span(low.embodiedPe, high.embodiedPe),
    water: ZERO,
  };
  const gpu = span(low.gpuEnergy, high.gpuEnergy);
  const server = span(low.serverEnergy, high.serverEnergy);

  return {
    energy,
    gwp: span(low.usageGwp + low.embodiedGwp, high.usageGwp + high.embodiedGwp),
    adpe: span(low.usageAdpe + low.embodiedAdpe, high.usageAdpe + high.embodiedAdpe),
    pe: span(low.usagePe + low.embodiedPe, high.usagePe + high.embodiedPe),
    water: usage.water,
    usage,
    embodied,
    breakdown: {
      gpu: { prefill: ZERO, decode: gpu },
      server,
      overhead: span(
        Math.max(0, low.energy - low.gpuEnergy - low.serverEnergy),
        Math.max(0, high.energy - high.gpuEnergy - high.serverEnergy),
      ),
    },
    request,
    assumptions: {
      methodology: 'ecologits',
      dataVersion: DATA_VERSION,
      zone: zone.code,
      pue,
      wue,
      hardware: 'ecologits-a100-80gb',
      gpus: span(low.gpus, high.gpus),
      batchSize: { value: C.batchSize, min: C.batchSize, max: C.batchSize },
      model: {
        id: model.id,
        provider: model.provider,
        architecture: model.architecture,
        totalParameters: total,
        activeParameters: active,
        match: input.match,
      },
    },
    warnings,
  };
}
