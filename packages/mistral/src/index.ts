export { withCallOptions, withImpact } from './with-impact';
export type { MistralImpactOptions } from './with-impact';
