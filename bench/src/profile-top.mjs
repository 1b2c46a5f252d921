// Reads a V8 .cpuprofile (from `npm run bench -- --cpu-prof`) and prints where the time went: self time
// by package (ours, socket.io, ioredis, node internals, GC, …) and the heaviest functions.
// Usage: node bench/src/profile-top.mjs <file.cpuprofile> [--top N] [--window FROM,TO] [--requests N]
// A timeline of busy % per second is printed first; --window (seconds from the profile's start) keeps only
// the samples of one phase (e.g. the closed loop, without start-up and user creation).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/src/profile-top.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 30;
const requestsAt = process.argv.indexOf('--requests');
const requests = requestsAt > 0 ? Number(process.argv[requestsAt + 1]) : 0;
const windowAt = process.argv.indexOf('--window');
const [fromS, toS] =
  windowAt > 0 ? process.argv[windowAt + 1].split(',').map(Number) : [0, Number.POSITIVE_INFINITY];

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const selfUs = new Map();
const isIdle = (id) => byId.get(id).callFrame.functionName === '(idle)';
const timeline = []; // per second: [busy µs, total µs]
// Sample i lasted timeDeltas[i + 1] (the delta to the next sample).
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const sec = Math.floor(at / 1e6);
  timeline[sec] ??= [0, 0];
  timeline[sec][1] += dt;
  if (!isIdle(profile.samples[i])) timeline[sec][0] += dt;
  if (at / 1e6 < fromS || at / 1e6 >= toS) continue;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}
console.log(
  `busy % per second: ${timeline.map((t, s) => `${s}:${t ? Math.round((100 * t[0]) / Math.max(1, t[1])) : 0}`).join(' ')}`,
);

function bucketOf(node) {
  const { functionName: fn, url } = node.callFrame;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'program (native, unattributed)';
  if (!url) return `native: ${fn || '(anonymous)'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  if (url.includes('/server/dist/')) return 'fastpass server';
  if (url.includes('/shared/')) return 'fastpass shared';
  return url;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => isIdle(id));
const idleUs = idle.reduce((a, [, us]) => a + us, 0);
const busy = total - idleUs;
const buckets = new Map();
const fns = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const b = bucketOf(node);
  if (b === 'idle') continue;
  buckets.set(b, (buckets.get(b) ?? 0) + us);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
// With --requests N (served in the window): CPU µs per request beside each share.
const pct = (us) =>
  `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)} %${requests ? ` ${(us / requests).toFixed(1).padStart(6)} µs/req` : ''}`;
console.log(
  `${file}\n  ${(total / 1e6).toFixed(1)} s profiled, busy ${((100 * busy) / Math.max(1, total)).toFixed(0)} %`,
);
console.log('\nself time by package (% of busy time):');
for (const [b, us] of [...buckets].sort((a, c) => c[1] - a[1]).slice(0, 25))
  console.log(`  ${pct(us)}  ${b}`);
console.log(`\ntop ${top} functions by self time (% of busy time):`);
for (const [f, us] of [...fns].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${f}`);

// Inclusive time: a sample counts once for every distinct function on its stack.
const incl = new Map();
for (const [id, us] of selfUs) {
  if (isIdle(id)) continue;
  const seen = new Set();
  for (let n = id; n !== undefined; n = parentOf.get(n)) {
    const { functionName, url, lineNumber } = byId.get(n).callFrame;
    if (!url) continue;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + us);
  }
}
console.log(`\ntop ${top} functions by inclusive time (% of busy time):`);
for (const [f, us] of [...incl].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${f}`);
