// Installs dependencies and builds when a fresh clone (or a changed lockfile) needs it.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './proc.mjs';

process.env.TURBO_TELEMETRY_DISABLED = '1';
process.env.NEXT_TELEMETRY_DISABLED = '1';

export async function ensureDependencies() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!fresh) return;
  console.log('› installing dependencies (npm ci)…');
  await run('npm', ['ci', '--no-audit', '--no-fund']);
}

export async function build() {
  console.log('› building (turbo run build)…');
  await run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
}
