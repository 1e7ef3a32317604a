export { withCallOptions, withImpact } from './with-impact';
export type { HuggingFaceImpactOptions } from './with-impact';
