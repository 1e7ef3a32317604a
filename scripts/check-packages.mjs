// Checks every published package as a user would receive it: publint (package.json, exports,
// files) and Are the Types Wrong (types resolve for ESM and CJS consumers under node16 and bundlers).
// Run after the build (the README's test command does).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const failures = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const directory = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  for (const [tool, args] of [
    ['publint', ['publint', '--strict']],
    ['attw', ['attw', '--pack', '.', '--profile', 'node16', '--format', 'ascii']],
  ]) {
    const result = spawnSync('npx', ['--no-install', ...args], { cwd: directory, encoding: 'utf8' });
    if (result.status !== 0) {
      failures.push(`${manifest.name}: ${tool} failed\n${result.stdout}${result.stderr}`);
    } else {
      console.log(`${manifest.name}: ${tool} ok`);
    }
  }
}
if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
