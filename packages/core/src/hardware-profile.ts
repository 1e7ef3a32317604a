import type { DataSource } from './catalog-types';

/** Manufacturing impacts of one piece of hardware (cradle to gate). */
export interface EmbodiedFactors {
  /** kgCO2eq */
  readonly gwp: number;
  /** kgSbeq */
  readonly adpe: number;
  /** MJ */
  readonly pe: number;
  /** litres of water consumed in manufacturing */
  readonly water: number;
}

/** An accelerator and the server it sits in, as the `wattlens` methodology models them. */
export interface HardwareProfile {
  /** Id used in options and specs, e.g. `h100`, `h200`, `b200`, `a100`. */
  readonly id: string;
  readonly name: string;
  /** Accelerator memory, GB (10^9 bytes). */
  readonly memoryGb: number;
  /** Peak memory bandwidth, TB/s. */
  readonly memoryBandwidthTBs: number;
  /** Peak dense BF16 tensor throughput, TFLOP/s. */
  readonly peakBf16Tflops: number;
  /** Board power limit (TDP), W. */
  readonly tdpW: number;
  /** Accelerator power when idle, W. */
  readonly idleW: number;
  /** Accelerators per server. */
  readonly gpusPerServer: number;
  /** Server power outside the accelerators (CPUs, memory, network, fans) under load, W per server. */
  readonly serverPowerW: number;
  /** Manufacturing impacts of one accelerator, and of the server without its accelerators. */
  readonly embodied: { readonly gpu: EmbodiedFactors; readonly server: EmbodiedFactors };
  /** Service life, years. */
  readonly lifetimeYears: number;
  readonly sources: readonly DataSource[];
  readonly checked: string;
}
