import { packageBuild } from '../../tsup.shared';

export default packageBuild({ entry: { index: 'src/index.ts', 'ledger/index': 'src/ledger/index.ts' } });
