// `npm run services`: only Postgres + Redis (+ migrations and seeds), for working on the server or app
// with their own dev commands. Prints the URLs to export; Ctrl-C stops both.
import { ensureDependencies } from './lib/install.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
await ensureDependencies();
const { provision } = await import('./lib/stack.mjs');
const stack = await provision({ name: process.env.FASTPASS_DATA ?? 'dev', fresh: false });
console.log(`\nexport DATABASE_URL=${stack.databaseUrl}\nexport REDIS_URL=${stack.redisUrl}\n`);
const stop = () => stack.stop().finally(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
