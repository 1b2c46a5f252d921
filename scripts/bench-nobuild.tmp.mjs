// `npm run bench`: the Eid-rush benchmark (bench/README.md). On a fresh clone: installs, builds,
// provisions its own Postgres + Redis (unless DATABASE_URL / REDIS_URL are set), then runs
// bench/src/main.mjs. `-- --json` prints one JSON object as the last line of stdout.
import { build, ensureDependencies } from './lib/install.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
const argv = process.argv.slice(2);

async function main() {
  const t0 = Date.now();
  const { parseArgs, runBench, summary } = await import('../bench/src/main.mjs').catch(async () => {
    // bench imports socket.io-client and knex: install first on a fresh clone, then import again.
    await ensureDependencies();
    return import('../bench/src/main.mjs');
  });
  const opts = parseArgs(argv);
  await ensureDependencies();
  // no build
  const { provision } = await import('./lib/stack.mjs');
  const stack = await provision({ name: 'bench', fresh: true, statementStats: opts.pgStats });
  let out;
  try {
    out = await runBench(opts, stack);
  } finally {
    await stack.stop();
  }
  console.log(`› bench finished in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (opts.json) console.log(JSON.stringify(summary(out)));
  process.exit(0);
}

main().catch((err) => {
  console.error(`✗ npm run bench failed: ${err?.stack ?? err}`);
  process.exit(1);
});
