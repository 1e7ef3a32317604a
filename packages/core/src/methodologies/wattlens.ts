import type { ModelEntry, ZoneEntry } from '../catalog-types';
import type { HardwareProfile } from '../hardware-profile';
import type { ImpactReport, Range, ReportWarning, ResolvedModelSummary } from '../impact-report';
import type { MethodologyInput } from '../internal/resolve-request';
import { DATA_VERSION } from '../data/version';
import { servingClass, type ServingAssumptions } from '../data/serving';
import { decodeStepInto, prefillPassInto } from '../internal/gpu-energy';
import { modalityWork, type Work } from '../internal/modality-work';
import { modelShape, type ModelShape } from '../internal/model-shape';
import { exact } from '../internal/range';
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

/**
 * Results of the three scenarios (central, low, high), each {@link OUTCOME_FIELDS} numbers from
 * `offset` = scenario × OUTCOME_FIELDS: energies in joules, accelerator-seconds, litres per kWh.
 * One array for every estimate (an estimate is synchronous): numbers in an object would each be
 * a heap allocation, three scenarios per request.
 */
const PREFILL = 0;
const DECODE = 1;
const SERVER = 2;
const OVERHEAD = 3;
const IT = 4;
const FACILITY = 5;
const GPUS = 6;
/** Accelerator-seconds the request occupies, idle share included (for embodied impacts). */
const OCCUPIED_GPU_SECONDS = 7;
const WUE = 8;
const OUTCOME_FIELDS = 9;
const outcomes = new Float64Array(3 * OUTCOME_FIELDS);
/** Prefill and decode pass costs of the scenario being run (see `StepCostOut`). */
const passes = new Float64Array(4);

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

/**
 * One scenario of a request, written into {@link outcomes} at `offset`.
 *
 * @param directGpuWh - The scenario's end of the work's direct accelerator energy, if any.
 */
function run(
  scenario: PlannedScenario,
  hardware: HardwareProfile,
  work: Work,
  directGpuWh: number | undefined,
  fixedGpus: number | undefined,
  usableMemory: number,
  reportedItJoules: number | undefined,
  offset: number,
): void {
  const shape = scenario.shape;
  const batch = scenario.batchSize;
  const contextEnd = work.prefillTokens + work.decodeTokens;
  const memory = scenario.totalParameters * 1e9 * scenario.weightBytes + batch * contextEnd * shape.kvBytesPerToken;
  const gpus = fixedGpus ?? nextPowerOfTwo(Math.ceil(memory / (usableMemory * hardware.memoryGb * 1e9)));

  let prefill = 0;
  let decode = 0;
  let gpuSeconds = 0;
  if (work.prefillTokens > 0) {
    // Prompts are prefilled alongside the rest of the batch, which shares the weight reads.
    prefillPassInto(hardware, shape, work.prefillTokens, batch, gpus, scenario.weightBytes, passes, 0);
    prefill = (passes[0] as number) / batch;
    gpuSeconds += ((passes[1] as number) * gpus) / batch;
  }
  if (work.decodeTokens > 0) {
    // Each step adds a token to every sequence of the batch; the KV cache grows from the prompt's length.
    const context = work.prefillTokens + (work.decodeTokens - 1) / 2;
    decodeStepInto(hardware, shape, batch, context, gpus, scenario.weightBytes, passes, 2);
    decode = (work.decodeTokens * (passes[2] as number)) / batch;
    gpuSeconds += (work.decodeTokens * (passes[3] as number) * gpus) / batch;
  }
  if (directGpuWh !== undefined) {
    const joules = directGpuWh * 3600;
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
  outcomes[offset + PREFILL] = prefill * scale;
  outcomes[offset + DECODE] = decode * scale;
  outcomes[offset + SERVER] = server * scale;
  outcomes[offset + OVERHEAD] = facility - (prefill + decode + server) * scale;
  outcomes[offset + IT] = it;
  outcomes[offset + FACILITY] = facility;
  outcomes[offset + GPUS] = gpus;
  outcomes[offset + OCCUPIED_GPU_SECONDS] = busySeconds / scenario.utilization;
  outcomes[offset + WUE] = scenario.wue;
}

/**
 * The report's ranges, each three numbers (value, min, max) from 3 × its index in {@link figures}.
 * A report's figures are written into one array and made into range objects in one loop: right
 * after an SDK call, a report's cost is mostly its code and data coming back into the processor's
 * caches, not its arithmetic, and a range built at each of 15 places compiled to half as much
 * code again (`estimate()` right after an SDK call, in `bench/cpu-breakdown.mjs`). A meter's
 * totals ({@link wattlensImpactsInto}) are read from the same array, so they equal the report's
 * to the last bit.
 */
const ENERGY = 0;
const USAGE_GWP = 1;
const USAGE_ADPE = 2;
const USAGE_PE = 3;
const WATER = 4;
const EMBODIED_GWP = 5;
const EMBODIED_ADPE = 6;
const EMBODIED_PE = 7;
const GWP = 8;
const ADPE = 9;
const PE = 10;
const GPU_PREFILL = 11;
const GPU_DECODE = 12;
const SERVER_ENERGY = 13;
const OVERHEAD_ENERGY = 14;
const REPORT_RANGES = 15;
const figures = new Float64Array(3 * REPORT_RANGES);

/** One energy field of the three outcomes, in kWh, as the range at `index` of {@link figures}. */
function energyInto(index: number, field: number): void {
  range3Into(
    figures,
    3 * index,
    (outcomes[field] as number) / JOULES_PER_KWH,
    (outcomes[OUTCOME_FIELDS + field] as number) / JOULES_PER_KWH,
    (outcomes[2 * OUTCOME_FIELDS + field] as number) / JOULES_PER_KWH,
  );
}

/**
 * A usage impact, an embodied one and their sum, at `usage`, `embodied` and `total` of
 * {@link figures}: the facility energy times the zone's `factor`, the occupied accelerator time
 * times the hardware's `rate` (both >= 0, so the order of the ends holds).
 */
function impactInto(usage: number, embodied: number, total: number, factor: number, rate: number): void {
  const energy = 3 * ENERGY;
  const at = 3 * usage;
  figures[at] = (figures[energy] as number) * factor;
  figures[at + 1] = (figures[energy + 1] as number) * factor;
  figures[at + 2] = (figures[energy + 2] as number) * factor;
  const from = 3 * embodied;
  range3Into(
    figures,
    from,
    (outcomes[OCCUPIED_GPU_SECONDS] as number) * rate,
    (outcomes[OUTCOME_FIELDS + OCCUPIED_GPU_SECONDS] as number) * rate,
    (outcomes[2 * OUTCOME_FIELDS + OCCUPIED_GPU_SECONDS] as number) * rate,
  );
  const sum = 3 * total;
  for (let end = 0; end < 3; end += 1) figures[sum + end] = (figures[at + end] as number) + (figures[from + end] as number);
}

/** The report's energy ranges and the outcome field of each, in pairs: facility energy first. */
const ENERGIES: readonly number[] = [ENERGY, FACILITY, GPU_PREFILL, PREFILL, GPU_DECODE, DECODE, SERVER_ENERGY, SERVER, OVERHEAD_ENERGY, OVERHEAD];

/**
 * Every figure of the report, from the outcomes {@link runScenarios} left, into {@link figures};
 * with `totalsOnly`, the five totals alone (and the usage and embodied shares they add up), not
 * the energy breakdown. Loops rather than a call per figure: one copy of each writer's code once
 * compiled.
 */
function reportFiguresInto(plan: WattlensPlan, totalsOnly: boolean): void {
  const energies = totalsOnly ? 2 : ENERGIES.length;
  for (let pair = 0; pair < energies; pair += 2) energyInto(ENERGIES[pair] as number, ENERGIES[pair + 1] as number);
  const factors = plan.factors;
  // gwp, adpe, pe: consecutive in each group of figures.
  for (let criterion = 0; criterion < 3; criterion += 1) {
    impactInto(USAGE_GWP + criterion, EMBODIED_GWP + criterion, GWP + criterion, factors[2 * criterion] as number, factors[2 * criterion + 1] as number);
  }
  const water = plan.zone.water;
  range3Into(figures, 3 * WATER, outcomeWater(0, water), outcomeWater(OUTCOME_FIELDS, water), outcomeWater(2 * OUTCOME_FIELDS, water));
}

/** The ranges of {@link figures}, by index. */
function reportRanges(): Range[] {
  const ranges: Range[] = new Array<Range>(REPORT_RANGES);
  for (let index = 0; index < REPORT_RANGES; index += 1) {
    ranges[index] = { value: figures[3 * index] as number, min: figures[3 * index + 1] as number, max: figures[3 * index + 2] as number };
  }
  return ranges;
}

/** On-site (WUE × IT energy) and off-site (the zone's litres per kWh × facility energy) water of one outcome, litres. */
function outcomeWater(offset: number, zoneWater: number): number {
  return ((outcomes[offset + IT] as number) * (outcomes[offset + WUE] as number) + (outcomes[offset + FACILITY] as number) * zoneWater) / JOULES_PER_KWH;
}

/** The report's assumptions: the plan's last ones while the scenarios' GPU counts stay the same. */
function assumptionsOf(plan: WattlensPlan): ImpactReport['assumptions'] {
  const c = outcomes[GPUS] as number;
  const l = outcomes[OUTCOME_FIELDS + GPUS] as number;
  const h = outcomes[2 * OUTCOME_FIELDS + GPUS] as number;
  const last = plan.assumptions;
  if (last !== undefined && last.gpus.value === c && last.gpus.min === Math.min(c, l, h) && last.gpus.max === Math.max(c, l, h)) return last;
  const gpus = range3(c, l, h);
  const assumptions: ImpactReport['assumptions'] = Object.freeze({
    methodology: 'wattlens',
    dataVersion: DATA_VERSION,
    zone: plan.zone.code,
    pue: plan.pue,
    wue: plan.wue,
    hardware: plan.hardware.id,
    gpus: Object.freeze(gpus),
    batchSize: plan.batchSize,
    weightBytes: plan.weightBytes,
    utilization: plan.utilization,
    servingOverhead: plan.servingOverhead,
    model: plan.model,
  });
  plan.assumptions = assumptions;
  return assumptions;
}

/** A range from the central outcome and the two others, whichever is lower or higher. */
function range3(value: number, a: number, b: number): Range {
  range3Into(bounds, 0, value, a, b);
  return { value, min: bounds[1] as number, max: bounds[2] as number };
}

/** {@link range3} into `into` from `at`: value, min, max. */
function range3Into(into: Float64Array, at: number, value: number, a: number, b: number): void {
  let min = value;
  let max = value;
  if (a < min) min = a;
  if (a > max) max = a;
  if (b < min) min = b;
  if (b > max) max = b;
  into[at] = value;
  into[at + 1] = min;
  into[at + 2] = max;
}

/** The range {@link range3} computes into. */
const bounds = new Float64Array(3);

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

/** A scenario with the model's shape for its parameter counts. */
interface PlannedScenario extends Scenario {
  readonly shape: ModelShape;
}

/**
 * What the wattlens methodology derives from a request's provider, model and options alone: zone,
 * hardware, serving assumptions, the three scenarios with their model shapes, embodied rates and
 * the warnings every request of the model gets. Kept on the request's resolved target (see
 * `resolveRequest`), so that a request computes only what its token counts change.
 */
export interface WattlensPlan {
  readonly zone: ZoneEntry;
  readonly hardware: HardwareProfile;
  /** Zone, hardware, model and batch-size warnings, in that order. */
  readonly warnings: readonly ReportWarning[];
  readonly pue: Range;
  readonly wue: Range;
  readonly batchSize: Range;
  readonly weightBytes: Range;
  readonly utilization: Range;
  readonly servingOverhead: Range;
  /** Central, low and high. */
  readonly scenarios: readonly [PlannedScenario, PlannedScenario, PlannedScenario];
  readonly fixedGpus: number | undefined;
  readonly usableMemory: number;
  readonly rates: { readonly gwp: number; readonly adpe: number; readonly pe: number };
  /** Per criterion (gwp, adpe, pe): the zone's factor per kWh, then the hardware's rate per accelerator-second. */
  readonly factors: Float64Array;
  readonly model: ResolvedModelSummary;
  /**
   * The last `assumptions` reported, frozen, and its GPU counts: they change with the request only
   * when a long context needs more accelerators, so consecutive reports share one object.
   */
  assumptions?: ImpactReport['assumptions'];
}

function planFor(input: MethodologyInput): WattlensPlan {
  const { catalog, model, provider, deployment } = input;
  const warnings: ReportWarning[] = [];
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

  const scenario = (totalParameters: number, activeParameters: number, fields: Omit<Scenario, 'totalParameters' | 'activeParameters'>): PlannedScenario => ({
    totalParameters,
    activeParameters,
    ...fields,
    shape: shapeOf(model, totalParameters, activeParameters),
  });
  const scenarios: WattlensPlan['scenarios'] = [
    scenario(model.totalParameters.value, model.activeParameters.value, {
      batchSize: batchSize.value,
      weightBytes: weightBytes.value,
      utilization: utilization.value,
      servingOverhead: servingOverhead.value,
      pue: pue.value,
      wue: wue.value,
    }),
    scenario(model.totalParameters.min, model.activeParameters.min, {
      batchSize: batchSize.max,
      weightBytes: weightBytes.min,
      utilization: utilization.max,
      servingOverhead: servingOverhead.min,
      pue: pue.min,
      wue: wue.min,
    }),
    scenario(model.totalParameters.max, model.activeParameters.max, {
      batchSize: batchSize.min,
      weightBytes: weightBytes.max,
      utilization: utilization.min,
      servingOverhead: servingOverhead.max,
      pue: pue.max,
      wue: wue.max,
    }),
  ];
  const rates = embodiedPerGpuSecond(hardware);
  return {
    zone,
    hardware,
    warnings: Object.freeze(warnings.map((warning) => Object.freeze(warning))),
    pue,
    wue,
    batchSize,
    weightBytes,
    utilization,
    servingOverhead,
    scenarios,
    fixedGpus: deployment?.gpus,
    usableMemory: steadyState ? USABLE_MEMORY_SPEC : USABLE_MEMORY,
    rates,
    factors: Float64Array.of(zone.gwp, rates.gwp, zone.adpe, rates.adpe, zone.pe, rates.pe),
    model: Object.freeze({
      id: model.id,
      provider: model.provider,
      architecture: model.architecture,
      totalParameters: model.totalParameters,
      activeParameters: model.activeParameters,
      match: input.match,
    }),
  };
}

/**
 * The plan of an input: the one its target keeps, made at the target's first request. A request
 * with a deployment has a target of its own (the caller may change the spec between requests),
 * so its plan is made for it alone.
 */
function planOf(input: MethodologyInput): WattlensPlan {
  let plan = input.target.wattlens;
  if (plan === undefined) {
    plan = planFor(input);
    input.target.wattlens = plan;
  }
  return plan;
}

/** Runs a request's central, low and high scenarios into {@link outcomes}. */
function runScenarios(plan: WattlensPlan, work: Work, reportedItJoules: number | undefined): void {
  const direct = work.directGpuWh;
  const scenarios = plan.scenarios;
  run(scenarios[0], plan.hardware, work, direct?.value, plan.fixedGpus, plan.usableMemory, reportedItJoules, 0);
  run(scenarios[1], plan.hardware, work, direct?.min, plan.fixedGpus, plan.usableMemory, reportedItJoules, OUTCOME_FIELDS);
  run(scenarios[2], plan.hardware, work, direct?.max, plan.fixedGpus, plan.usableMemory, reportedItJoules, 2 * OUTCOME_FIELDS);
}

/** The report's five totals, in the order a meter adds them (energy, gwp, adpe, pe, water). */
const TOTALS: readonly number[] = [ENERGY, GWP, ADPE, PE, WATER];

/** Warnings that {@link wattlensImpactsInto} computes on the way and does not report. */
const unreported: ReportWarning[] = [];

/**
 * The five totals of the report {@link wattlensMethodology} gives for an input (energy, gwp,
 * adpe, pe, water, each value, min, max: what a meter adds) into `into` from `at`, without building
 * the report. The report's own figures ({@link reportFiguresInto}), so the numbers are the same
 * to the last bit (a test compares them); the input is left as it was.
 *
 * @param input - The resolved request.
 * @param into - Where to write the 15 numbers.
 * @param at - The index of the first.
 */
export function wattlensImpactsInto(input: MethodologyInput, into: Float64Array, at: number): void {
  const plan = planOf(input);
  const work = modalityWork(input.request, input.model, unreported);
  unreported.length = 0;
  runScenarios(plan, work, input.reportedEnergyJoules);
  reportFiguresInto(plan, true);
  const totals = TOTALS;
  for (let total = 0; total < totals.length; total += 1) {
    const from = 3 * (totals[total] as number);
    const to = at + 3 * total;
    into[to] = figures[from] as number;
    into[to + 1] = figures[from + 1] as number;
    into[to + 2] = figures[from + 2] as number;
  }
}

/**
 * Makes (or finds) the plan of an input now, from the catalog as it is: a report computed later
 * from the same input ({@link wattlensMethodology}) then reads nothing of the catalog, whatever
 * was registered in between.
 *
 * @param input - The resolved request.
 */
export function prepareWattlens(input: MethodologyInput): void {
  planOf(input);
}

/**
 * `methodology: 'wattlens'`: accelerator energy from the bytes moved and FLOPs done for the
 * request's prefill and decode, on a calibrated hardware profile, amortised over the serving batch;
 * then real-serving overhead, host share, idle capacity and PUE; usage impacts by zone and embodied
 * impacts by time share. Ranges come from parameter ranges, batch size, precision, utilization,
 * serving overhead, PUE and WUE. docs/methodology.md gives every formula and constant.
 */
export function wattlensMethodology(input: MethodologyInput): ImpactReport {
  const { model, request } = input;
  const warnings = input.warnings;
  const plan = planOf(input);
  const planned = plan.warnings;
  for (let index = 0; index < planned.length; index += 1) warnings.push(planned[index] as ReportWarning);

  const work = modalityWork(request, model, warnings);
  const reportedIt = input.reportedEnergyJoules;
  if (reportedIt !== undefined) {
    warnings.push({ code: 'energy-reported', message: `Energy reported by the provider (${reportedIt} J for the request's servers) replaces the estimate; the breakdown keeps the estimate's proportions.` });
  }

  runScenarios(plan, work, reportedIt);
  reportFiguresInto(plan, false);
  const ranges = reportRanges();
  const energy = ranges[ENERGY] as Range;
  const water = ranges[WATER] as Range;
  return {
    energy,
    gwp: ranges[GWP] as Range,
    adpe: ranges[ADPE] as Range,
    pe: ranges[PE] as Range,
    water,
    usage: { energy, gwp: ranges[USAGE_GWP] as Range, adpe: ranges[USAGE_ADPE] as Range, pe: ranges[USAGE_PE] as Range, water },
    embodied: { gwp: ranges[EMBODIED_GWP] as Range, adpe: ranges[EMBODIED_ADPE] as Range, pe: ranges[EMBODIED_PE] as Range, water: ZERO_RANGE },
    breakdown: {
      gpu: { prefill: ranges[GPU_PREFILL] as Range, decode: ranges[GPU_DECODE] as Range },
      server: ranges[SERVER_ENERGY] as Range,
      overhead: ranges[OVERHEAD_ENERGY] as Range,
    },
    request,
    assumptions: assumptionsOf(plan),
    warnings,
  };
}
