import { packageBuild } from '../../tsup.shared';

// The server finds its page assets next to the bundle through import.meta.url, CommonJS included.
export default packageBuild({ shims: true });
