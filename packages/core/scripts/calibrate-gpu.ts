/**
 * Fits the accelerator energy model (docs/methodology.md, "Calibration") to the H200 measurements:
 * static power, energy per byte, energy per FLOP, memory efficiency, layer overhead and overlap.
 * Minimises the squared log error of energy per token (against the mean of the two measurements of
 * each configuration) plus half the squared log error of step time, with Nelder–Mead.
 *
 * Run: pnpm --filter @wattlens/core calibrate
 */
import { HARDWARE_PROFILES } from '../src/data/hardware';
import type { HardwareProfile } from '../src/hardware-profile';
import { decodeStep, prefillPass } from '../src/internal/gpu-energy';
import { modelShape } from '../src/internal/model-shape';
import { H200_MEASUREMENTS, type GpuMeasurement } from '../test/fixtures/gpu-measurements';

const base = HARDWARE_PROFILES.find((profile) => profile.id === 'h200') as HardwareProfile;

type Parameters = [number, number, number, number, number, number];
const NAMES = ['staticPowerW', 'energyPerBytePj', 'energyPerFlopPj', 'memoryEfficiency', 'layerOverheadUs', 'overlap'] as const;

function profile(parameters: Parameters): HardwareProfile {
  const [staticPowerW, energyPerBytePj, energyPerFlopPj, memoryEfficiency, layerOverheadUs, overlap] = parameters;
  return { ...base, energyModel: { staticPowerW, energyPerBytePj, energyPerFlopPj, memoryEfficiency, layerOverheadUs, overlap } };
}

function predict(hardware: HardwareProfile, row: GpuMeasurement): { joulesPerToken: number; secondsPerToken: number } {
  const a = row.architecture;
  const shape = modelShape({
    totalParameters: row.totalParameters / 1e9, activeParameters: row.totalParameters / 1e9, architecture: 'dense',
    layers: a.layers, hiddenSize: a.hidden, attentionHeads: a.heads, kvHeads: a.kvHeads, headDim: a.headDim, ffnSize: a.ffn, vocabSize: a.vocab,
  });
  if (row.phase === 'decode') {
    const step = decodeStep(hardware, shape, { batch: row.batch, context: row.context, gpus: 1, weightBytes: 2 });
    return { joulesPerToken: step.energy / row.batch, secondsPerToken: step.seconds / row.batch };
  }
  const pass = prefillPass(hardware, shape, { tokens: row.context, prompts: row.batch, gpus: 1, weightBytes: 2 });
  const tokens = row.context * row.batch;
  return { joulesPerToken: pass.energy / tokens, secondsPerToken: pass.seconds / tokens };
}

function measured(row: GpuMeasurement): number {
  return Math.sqrt(row.joulesPerToken * row.retestJoulesPerToken);
}

function loss(parameters: Parameters): number {
  if (parameters.some((value) => value <= 0) || parameters[3] > 1 || parameters[5] > 1) return Infinity;
  const hardware = profile(parameters);
  let sum = 0;
  for (const row of H200_MEASUREMENTS) {
    const p = predict(hardware, row);
    sum += Math.log(p.joulesPerToken / measured(row)) ** 2 + 0.5 * Math.log(p.secondsPerToken * row.tokensPerSecond) ** 2;
  }
  return sum;
}

function nelderMead(f: (x: Parameters) => number, start: Parameters, iterations = 20_000): Parameters {
  const n = start.length;
  let simplex: { x: number[]; value: number }[] = [{ x: [...start], value: f(start) }];
  for (let i = 0; i < n; i += 1) {
    const x = [...start];
    x[i] = (x[i] as number) * 1.2;
    simplex.push({ x, value: f(x as Parameters) });
  }
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0] as { x: number[]; value: number };
    const worst = simplex[n] as { x: number[]; value: number };
    if (Math.abs(worst.value - best.value) < 1e-14) break;
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] as number), 0) / n);
    const at = (t: number) => centroid.map((c, i) => c + t * ((worst.x[i] as number) - c));
    const reflected = at(-1);
    const reflectedValue = f(reflected as Parameters);
    const second = simplex[n - 1] as { value: number };
    if (reflectedValue < best.value) {
      const expanded = at(-2);
      const expandedValue = f(expanded as Parameters);
      simplex[n] = expandedValue < reflectedValue ? { x: expanded, value: expandedValue } : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < second.value) {
      simplex[n] = { x: reflected, value: reflectedValue };
    } else {
      const contracted = at(0.5);
      const contractedValue = f(contracted as Parameters);
      if (contractedValue < worst.value) {
        simplex[n] = { x: contracted, value: contractedValue };
      } else {
        simplex = simplex.map((p, index) => index === 0 ? p : (() => {
          const x = p.x.map((v, i) => (best.x[i] as number) + 0.5 * (v - (best.x[i] as number)));
          return { x, value: f(x as Parameters) };
        })());
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return (simplex[0] as { x: number[] }).x as Parameters;
}

const start: Parameters = [100, 125, 1.0, 0.85, 60, 0.5];
let fitted = nelderMead(loss, start);
for (let restart = 0; restart < 5; restart += 1) fitted = nelderMead(loss, fitted);

console.log('Fitted H200 energy model:');
NAMES.forEach((name, i) => console.log(`  ${name.padEnd(18)} ${(fitted[i] as number).toPrecision(4)}`));
const hardware = profile(fitted);
const current = base;
console.log('\nshape      phase    batch  measured J/tok  fitted   error   shipped  error   time error');
let squares = 0;
let worst = 0;
for (const row of H200_MEASUREMENTS) {
  const p = predict(hardware, row);
  const shipped = predict(current, row);
  const error = p.joulesPerToken / measured(row) - 1;
  const shippedError = shipped.joulesPerToken / measured(row) - 1;
  squares += shippedError ** 2;
  worst = Math.max(worst, Math.abs(shippedError));
  console.log(`${row.shape.padEnd(10)} ${row.phase.padEnd(8)} ${String(row.batch).padStart(5)}  ${measured(row).toPrecision(4).padStart(14)}  ${p.joulesPerToken.toPrecision(4).padStart(7)}  ${(100 * error).toFixed(1).padStart(5)}%  ${shipped.joulesPerToken.toPrecision(4).padStart(7)}  ${(100 * shippedError).toFixed(1).padStart(5)}%  ${(100 * (shipped.secondsPerToken * row.tokensPerSecond - 1)).toFixed(1).padStart(6)}%`);
}
console.log(`\nShipped profile: RMS error ${(100 * Math.sqrt(squares / H200_MEASUREMENTS.length)).toFixed(1)} %, worst ${(100 * worst).toFixed(1)} %`);
