// Wrapping a client
export { withCallOptions, withImpact } from './with-impact';
export type { OpenAIClientLike, OpenAIImpactOptions } from './with-impact';

// Per-call options
export { withCallImpact } from './with-call-impact';

// Reading reports back (from @wattlens/core, for convenience)
export { getImpact, getStreamImpact } from '@wattlens/core';
export type { ImpactCallOptions, ImpactReport, WithImpact, WithStreamImpact } from '@wattlens/core';

// `impact` on the SDK's result types
import './result-impact';
