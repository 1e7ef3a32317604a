import { packageProject } from '../../vitest.shared';

export default packageProject('budgets-and-ledger', { test: { include: ['*.test.ts'] } });
