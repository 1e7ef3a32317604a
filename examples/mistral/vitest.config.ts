import { packageProject } from '../../vitest.shared';

export default packageProject('example-mistral', { test: { include: ['*.test.ts'] } });
