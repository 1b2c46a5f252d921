// Development helper: `node scripts/e2e.mjs [playwright args…]` runs chosen browser tests (e.g. one file) on
// a throw-away stack, like the last step of `npm test`. FASTPASS_DATA names its data folder (default e2e),
// so several checkouts can run it at once. Assumes `npm ci` and a build were done.
import { startBrowserStack } from './lib/browser-stack.mjs';
import { runStatus } from './lib/proc.mjs';

async function main() {
  const { provision } = await import('./lib/stack.mjs');
  const { ephemeralSecret } = await import('./lib/secret.mjs');
  const stack = await provision({ name: process.env.FASTPASS_DATA ?? 'e2e', fresh: true });
  let browserStack;
  let code = 1;
  try {
    const env = {
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      AUTH_SECRET: ephemeralSecret(),
    };
    browserStack = await startBrowserStack(env);
    code = await runStatus('npx', ['playwright', 'test', ...process.argv.slice(2)], {
      env: { ...env, ...browserStack.env },
    });
  } finally {
    await browserStack?.stop();
    await stack.stop();
  }
  process.exit(code);
}

process.chdir(new URL('..', import.meta.url).pathname);
main().catch((err) => {
  console.error(`✗ e2e failed: ${err.message}`);
  process.exit(1);
});
