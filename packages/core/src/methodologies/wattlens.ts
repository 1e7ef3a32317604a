import type { ModelEntry } from '../catalog-types';
import type { HardwareProfile } from '../hardware-profile';
import type { ImpactReport, Range, ReportWarning } from '../impact-report';
import type { MethodologyInput } from '../internal/resolve-request';
import { DATA_VERSION } from '../data/version';
import { servingClass, type ServingAssumptions } from '../data/serving';
import { decodeStep, prefillPass } from '../internal/gpu-energy';
import { modalityWork, type Work } from '../internal/modality-work';
import { modelShape, type ModelShape } from '../internal/model-shape';
import { add, exact, scale } from '../internal/range';
import { resolveZone } from '../internal/resolve-request';

const JOULES_PER_KWH = 3.6e6;
const ZERO_RANGE: Range = { value: 0, min: 0, max: 0 };
const SECONDS_PER_YEAR = 365.25 * 24 * 3600;
/**
 * Share of accelerator memory usable for weights and KV cache: 0.9 for a serving engine (vLLM's
 * default `gpu_memory_utilization`; the rest holds activations, CUDA graphs, fragmentation), 0.97
 * for a described deployment (what fits, less the CUDA context).
 */
const USABLE_MEMORY = 0.9;
const USABLE_MEMORY_SPEC = 0.97;
/** Average accelerator power, as a share of TDP, for work modelled per unit (diffusion images). */
const DIRECT_WORK_POWER_SHARE = 0.7;

/** One pass of the model at one end of every uncertain input. */
interface Scenario {
  readonly totalParameters: number;
  readonly activeParameters: number;
  readonly batchSize: number;
  readonly weightBytes: number;
  readonly utilization: number;
  readonly servingOverhead: number;
  readonly pue: number;
  readonly wue: number;
}

/** Results of one scenario: energies in joules, water in litres. */
interface Outcome {
  readonly prefill: number;
  readonly decode: number;
  readonly server: number;
  readonly overhead: number;
  readonly it: number;
  readonly facility: number;
  readonly gpus: number;
  /** Accelerator-seconds the request occupies, idle share included (for embodied impacts). */
  readonly occupiedGpuSeconds: number;
  readonly pue: number;
  readonly wue: number;
}

/** Shapes are pure functions of the entry and the parameter counts: computed once per entry and scenario. */
const shapes = new WeakMap<ModelEntry, Map<number, ModelShape>>();

function shapeOf(entry: ModelEntry, totalParameters: number, activeParameters: number): ModelShape {
  let byCounts = shapes.get(entry);
  if (byCounts === undefined) {
    byCounts = new Map();
    shapes.set(entry, byCounts);
  }
  // Parameter counts are in billions; a composite numeric key avoids building strings on the hot path.
  const key = totalParameters * 1e6 + activeParameters;
  let shape = byCounts.get(key);
  if (shape === undefined) {
    shape = modelShape({ ...entry, totalParameters, activeParameters });
    byCounts.set(key, shape);
  }
  return shape;
}

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, value)));
}

function run(
  scenario: Scenario,
  entry: ModelEntry,
  hardware: HardwareProfile,
  work: Work,
  fixedGpus: number | undefined,
  usableMemory: number,
  reportedItJoules: number | undefined,
): Outcome {
  const shape = shapeOf(entry, scenario.totalParameters, scenario.activeParameters);
  const batch = scenario.batchSize;
  const contextEnd = work.prefillTokens + work.decodeTokens;
  const memory = scenario.totalParameters * 1e9 * scenario.weightBytes + batch * contextEnd * shape.kvBytesPerToken;
  const gpus = fixedGpus ?? nextPowerOfTwo(Math.ceil(memory / (usableMemory * hardware.memoryGb * 1e9)));

  let prefill = 0;
  let decode = 0;
  let gpuSeconds = 0;
  if (work.prefillTokens > 0) {
    // Prompts are prefilled alongside the rest of the batch, which shares the weight reads.
    const pass = prefillPass(hardware, shape, { tokens: work.prefillTokens, prompts: batch, gpus, weightBytes: scenario.weightBytes });
    prefill = pass.energy / batch;
    gpuSeconds += (pass.seconds * gpus) / batch;
  }
  if (work.decodeTokens > 0) {
    // Each step adds a token to every sequence of the batch; the KV cache grows from the prompt's length.
    const context = work.prefillTokens + (work.decodeTokens - 1) / 2;
    const step = decodeStep(hardware, shape, { batch, context, gpus, weightBytes: scenario.weightBytes });
    decode = (work.decodeTokens * step.energy) / batch;
    gpuSeconds += (work.decodeTokens * step.seconds * gpus) / batch;
  }
  if (work.directGpuWh !== undefined) {
    const joules = work.directGpuWh.value * 3600;
    decode += joules;
    gpuSeconds += joules / (DIRECT_WORK_POWER_SHARE * hardware.tdpW);
  }

  const busySeconds = gpuSeconds * scenario.servingOverhead;
  const accelerator = (prefill + decode) * scenario.servingOverhead;
  const server = busySeconds * (hardware.hostPowerW / hardware.gpusPerServer);
  const idle = busySeconds * (1 / scenario.utilization - 1) * (hardware.idleW + hardware.hostIdleW / hardware.gpusPerServer);
  let it = accelerator + server + idle;
  let scale = 1;
  if (reportedItJoules !== undefined) {
    scale = it > 0 ? reportedItJoules / it : 0;
    it = reportedItJoules;
  }
  const facility = it * scenario.pue;
  return {
    prefill: prefill * scale,
    decode: decode * scale,
    server: server * scale,
    overhead: facility - (prefill + decode + server) * scale,
    it,
    facility,
    gpus,
    occupiedGpuSeconds: busySeconds / scenario.utilization,
    pue: scenario.pue,
    wue: scenario.wue,
  };
}

/** A range from the central outcome and the two others, whichever is lower or higher. */
function range3(value: number, a: number, b: number): Range {
  let min = value;
  let max = value;
  if (a < min) min = a;
  if (a > max) max = a;
  if (b < min) min = b;
  if (b > max) max = b;
  return { value, min, max };
}

/** Model warnings depend on the entry alone: built once per entry. */
const modelWarnings = new WeakMap<ModelEntry, readonly ReportWarning[]>();

function warningsAbout(model: ModelEntry): readonly ReportWarning[] {
  let warnings = modelWarnings.get(model);
  if (warnings === undefined) {
    const list: ReportWarning[] = [];
    if (!model.openWeights) {
      list.push({ code: 'model-arch-not-released', message: `The architecture of ${model.id} has not been released: its size is an estimate (${model.totalParameters.min}–${model.totalParameters.max}B total), expect lower precision.` });
    } else if (model.layers === undefined) {
      list.push({ code: 'model-shape-derived', message: `The catalog has no layer shape for ${model.id}: KV-cache size and layer count were derived from its parameter count.` });
    }
    if (model.multimodal === true) {
      list.push({ code: 'model-arch-multimodal', message: `${model.id} is multimodal: only its text path is modelled, expect lower precision.` });
    }
    warnings = list;
    modelWarnings.set(model, warnings);
  }
  return warnings;
}

/** The batch-size warning depends on the range alone (a class default is one shared object). */
const batchWarnings = new WeakMap<Range, ReportWarning>();

function batchWarning(batchSize: Range): ReportWarning {
  let warning = batchWarnings.get(batchSize);
  if (warning === undefined) {
    warning = {
      code: 'batch-size-assumed',
      message: `Batch size, the largest uncertainty, was assumed: ${batchSize.value} concurrent sequences (${batchSize.min}–${batchSize.max}) for a model of this size. Pass deployment.batchSize if you know it.`,
    };
    batchWarnings.set(batchSize, warning);
  }
  return warning;
}

/** Embodied impacts of one accelerator-second, GPU plus its share of the server. */
const embodiedRates = new WeakMap<HardwareProfile, { gwp: number; adpe: number; pe: number }>();

function embodiedPerGpuSecond(hardware: HardwareProfile): { gwp: number; adpe: number; pe: number } {
  let rates = embodiedRates.get(hardware);
  if (rates === undefined) {
    const lifetime = hardware.lifetimeYears * SECONDS_PER_YEAR;
    const { gpu, server } = hardware.embodied;
    rates = {
      gwp: (gpu.gwp + server.gwp / hardware.gpusPerServer) / lifetime,
      adpe: (gpu.adpe + server.adpe / hardware.gpusPerServer) / lifetime,
      pe: (gpu.pe + server.pe / hardware.gpusPerServer) / lifetime,
    };
    embodiedRates.set(hardware, rates);
  }
  return rates;
}

/**
 * `methodology: 'wattlens'`: accelerator energy from the bytes moved and FLOPs done for the
 * request's prefill and decode, on a calibrated hardware profile, amortised over the serving batch;
 * then real-serving overhead, host share, idle capacity and PUE; usage impacts by zone and embodied
 * impacts by time share. Ranges come from parameter ranges, batch size, precision, utilization,
 * serving overhead, PUE and WUE. docs/methodology.md gives every formula and constant.
 */
export function wattlensMethodology(input: MethodologyInput): ImpactReport {
  const { catalog, model, provider, request, deployment } = input;
  const warnings = input.warnings;
  const zone = resolveZone(catalog, input.zone ?? provider.zone, warnings);
  const pue = input.pue ?? provider.pue;
  const wue = input.wue ?? provider.wue;

  const hardwareId = deployment?.hardware ?? provider.hardware;
  let hardware = catalog.findHardware(hardwareId);
  if (hardware === undefined) {
    hardware = catalog.findHardware('h100') ?? (catalog.hardwareProfiles()[0] as HardwareProfile);
    warnings.push({ code: 'hardware-unknown', message: `Hardware "${hardwareId.slice(0, 40)}" is not in the catalog: used ${hardware.id}. Known: ${catalog.hardwareProfiles().map((h) => h.id).join(', ')}.` });
  }

  if (input.match !== 'spec' && input.match !== 'fallback') warnings.push(...warningsAbout(model));
  const steadyState = deployment?.hasModel === true;
  const assumed: ServingAssumptions = servingClass(model.activeParameters.value);
  const batchSize = deployment?.batchSize ?? assumed.batchSize;
  const weightBytes = deployment?.weightBytes ?? (steadyState ? exact(2) : assumed.weightBytes);
  const utilization = deployment?.utilization ?? (steadyState ? exact(1) : assumed.utilization);
  const servingOverhead = deployment?.servingOverhead ?? (steadyState ? exact(1) : assumed.servingOverhead);
  if (deployment?.batchSize === undefined) warnings.push(batchWarning(batchSize));

  const work = modalityWork(request, model, warnings);
  const reportedIt = input.reportedEnergyJoules;
  if (reportedIt !== undefined) {
    warnings.push({ code: 'energy-reported', message: `Energy reported by the provider (${reportedIt} J for the request's servers) replaces the estimate; the breakdown keeps the estimate's proportions.` });
  }

  const central: Scenario = {
    totalParameters: model.totalParameters.value,
    activeParameters: model.activeParameters.value,
    batchSize: batchSize.value,
    weightBytes: weightBytes.value,
    utilization: utilization.value,
    servingOverhead: servingOverhead.value,
    pue: pue.value,
    wue: wue.value,
  };
  const low: Scenario = {
    totalParameters: model.totalParameters.min,
    activeParameters: model.activeParameters.min,
    batchSize: batchSize.max,
    weightBytes: weightBytes.min,
    utilization: utilization.max,
    servingOverhead: servingOverhead.min,
    pue: pue.min,
    wue: wue.min,
  };
  const high: Scenario = {
    totalParameters: model.totalParameters.max,
    activeParameters: model.activeParameters.max,
    batchSize: batchSize.min,
    weightBytes: weightBytes.max,
    utilization: utilization.min,
    servingOverhead: servingOverhead.max,
    pue: pue.max,
    wue: wue.max,
  };
  const directRange = work.directGpuWh;
  const outcomes = [central, low, high].map((scenario, index) => {
    const scenarioWork: Work = directRange === undefined ? work : {
      ...work,
      directGpuWh: exact(index === 0 ? directRange.value : index === 1 ? directRange.min : directRange.max),
    };
    return run(scenario, model, hardware as HardwareProfile, scenarioWork, deployment?.gpus, steadyState ? USABLE_MEMORY_SPEC : USABLE_MEMORY, reportedIt);
  }) as [Outcome, Outcome, Outcome];

  // Energy, CO2e, ADPe and PE are the facility energy times non-negative constants, and embodied
  // impacts the occupied accelerator time times constants: one range each, scaled.
  const [c, l, h] = outcomes;
  const energy = range3(c.facility / JOULES_PER_KWH, l.facility / JOULES_PER_KWH, h.facility / JOULES_PER_KWH);
  const usage = {
    energy,
    gwp: scale(energy, zone.gwp),
    adpe: scale(energy, zone.adpe),
    pe: scale(energy, zone.pe),
    water: range3(
      (c.it * c.wue + c.facility * zone.water) / JOULES_PER_KWH,
      (l.it * l.wue + l.facility * zone.water) / JOULES_PER_KWH,
      (h.it * h.wue + h.facility * zone.water) / JOULES_PER_KWH,
    ),
  };
  const rates = embodiedPerGpuSecond(hardware);
  const occupied = range3(c.occupiedGpuSeconds, l.occupiedGpuSeconds, h.occupiedGpuSeconds);
  const embodied = {
    gwp: scale(occupied, rates.gwp),
    adpe: scale(occupied, rates.adpe),
    pe: scale(occupied, rates.pe),
    water: ZERO_RANGE,
  };

  return {
    energy,
    gwp: add(usage.gwp, embodied.gwp),
    adpe: add(usage.adpe, embodied.adpe),
    pe: add(usage.pe, embodied.pe),
    water: usage.water,
    usage,
    embodied,
    breakdown: {
      gpu: {
        prefill: range3(c.prefill / JOULES_PER_KWH, l.prefill / JOULES_PER_KWH, h.prefill / JOULES_PER_KWH),
        decode: range3(c.decode / JOULES_PER_KWH, l.decode / JOULES_PER_KWH, h.decode / JOULES_PER_KWH),
      },
      server: range3(c.server / JOULES_PER_KWH, l.server / JOULES_PER_KWH, h.server / JOULES_PER_KWH),
      overhead: range3(c.overhead / JOULES_PER_KWH, l.overhead / JOULES_PER_KWH, h.overhead / JOULES_PER_KWH),
    },
    request,
    assumptions: {
      methodology: 'wattlens',
      dataVersion: DATA_VERSION,
      zone: zone.code,
      pue,
      wue,
      hardware: hardware.id,
      gpus: range3(c.gpus, l.gpus, h.gpus),
      batchSize,
      weightBytes,
      utilization,
      servingOverhead,
      model: {
        id: model.id,
        provider: model.provider,
        architecture: model.architecture,
        totalParameters: model.totalParameters,
        activeParameters: model.activeParameters,
        match: input.match,
      },
    },
    warnings,
  };
}
