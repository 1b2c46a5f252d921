// `npm test`: install, build, lint, typecheck, then every suite against real Postgres, Redis and Chromium,
// all on private ports so a running `npm start` is never touched.
import { build, ensureDependencies } from './lib/install.mjs';
import { startBrowserStack } from './lib/browser-stack.mjs';
import { run, runStatus } from './lib/proc.mjs';

async function main() {
  const t0 = Date.now();
  await ensureDependencies();
  await build();
  await run('npx', ['biome', 'check', '.']);
  await run('npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
  await run('npx', ['tsc', '-p', 'e2e', '--noEmit']); // e2e/ is not a workspace, so turbo does not see it

  (await import('./lib/scale-suites.mjs')).ensureOpsTools();
  const { provision } = await import('./lib/stack.mjs');
  const stack = await provision({ name: 'test', fresh: true });
  const services = [];
  const results = [];
  try {
    const { ephemeralSecret } = await import('./lib/secret.mjs');
    const env = {
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      AUTH_SECRET: ephemeralSecret(),
    };
    results.push([
      'unit + integration (vitest)',
      await runStatus('npx', ['vitest', 'run'], { cwd: 'server', env }),
    ]);
    results.push(['app unit (vitest)', await runStatus('npx', ['vitest', 'run'], { cwd: 'app', env })]);
    const { runScaleSuites } = await import('./lib/scale-suites.mjs');
    results.push(...(await runScaleSuites(env)));

    const browserStack = await startBrowserStack(env);
    services.push(browserStack);
    results.push([
      'browser (playwright)',
      await runStatus('npx', ['playwright', 'test'], { env: { ...env, ...browserStack.env } }),
    ]);
  } finally {
    for (const s of services.reverse()) await s.stop();
    await stack.stop();
  }
  console.log('\nnpm test summary:');
  for (const [name, code] of results) console.log(`  ${code === 0 ? '✓' : '✗'} ${name}`);
  console.log(`  total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(results.every(([, code]) => code === 0) ? 0 : 1);
}

process.chdir(new URL('..', import.meta.url).pathname);
main().catch((err) => {
  console.error(`✗ npm test failed: ${err.message}`);
  process.exit(1);
});
