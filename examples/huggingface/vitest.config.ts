import { packageProject } from '../../vitest.shared';

export default packageProject('example-huggingface', { test: { include: ['*.test.ts'] } });
