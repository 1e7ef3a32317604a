// Simulator
export { startProviderSim } from './start-provider-sim';
export type { ProviderSim, ProviderSimOptions, ProviderSimRequest, ProviderSimStats } from './start-provider-sim';

// Latency
export { LATENCY_PROFILES, latencyProfileFor } from './latency-profiles';
export type { LatencyClass, LatencyProfile } from './latency-profiles';

// Token rule
export { countSimTokens, splitSimTokens } from './count-sim-tokens';
