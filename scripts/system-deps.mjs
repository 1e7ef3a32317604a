// Installs the Debian packages the test suites drive (headless Chromium for the dashboard's
// browser test, Prometheus for the fleet-metrics test) when they are missing. Needs root (CI runs
// as root); elsewhere it says what to install and the suites that need them report it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian packages by the binary that proves they are installed. */
export const SYSTEM_PACKAGES = [
  { binary: '/usr/bin/chromium', packages: ['chromium'] },
  { binary: '/usr/bin/prometheus', packages: ['prometheus'] },
];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Installs whatever is missing; returns the list of binaries still missing. */
export function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(({ binary }) => !existsSync(binary));
  if (missing.length === 0) return [];
  const packages = missing.flatMap(({ packages: names }) => names);
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.warn(`Missing ${packages.join(', ')}: install them (Debian: sudo apt-get install -y ${packages.join(' ')}) for the browser and Prometheus tests.`);
    return missing.map(({ binary }) => binary);
  }
  console.log(`Installing ${packages.join(', ')} from Debian…`);
  if (!run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages])) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  }
  return SYSTEM_PACKAGES.filter(({ binary }) => !existsSync(binary)).map(({ binary }) => binary);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stillMissing = ensureSystemPackages();
  process.exit(stillMissing.length === 0 ? 0 : 1);
}
