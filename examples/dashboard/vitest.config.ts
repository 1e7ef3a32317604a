import { packageProject } from '../../vitest.shared';

export default packageProject('example-dashboard', {
  test: {
    include: ['*.test.ts'],
    // The dashboard serves its page from built assets: build them first, as the dashboard's own tests do.
    globalSetup: ['../../packages/dashboard/test/build-client-assets.ts'],
  },
});
