import { packageProject } from '../../vitest.shared';

export default packageProject('compare-models', { test: { include: ['*.test.ts'] } });
