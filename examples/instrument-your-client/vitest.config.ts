import { packageProject } from '../../vitest.shared';

export default packageProject('instrument-your-client', { test: { include: ['*.test.ts'] } });
