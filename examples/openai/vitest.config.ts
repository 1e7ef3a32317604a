import { packageProject } from '../../vitest.shared';

export default packageProject('example-openai', { test: { include: ['*.test.ts'] } });
