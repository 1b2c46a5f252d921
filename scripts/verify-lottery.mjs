#!/usr/bin/env node
// Checks a queued sale's lottery from its public record alone (docs/waiting-room.md, "Check it yourself"):
//   node scripts/verify-lottery.mjs <saleId> [api-url] [your-entrant-hash]
// Needs only Node (no project code): SHA-256 and HMAC-SHA256 from node:crypto.
import { createHash, createHmac } from 'node:crypto';

const [saleId, api = 'http://localhost:4000', mine] = process.argv.slice(2);
if (!saleId) {
  console.error('usage: node scripts/verify-lottery.mjs <saleId> [api-url] [your-entrant-hash]');
  process.exit(2);
}
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
const key = (seed, entrant) => createHmac('sha256', seed).update(entrant, 'utf8').digest('hex');

const res = await fetch(`${api.replace(/\/+$/, '')}/api/sales/${encodeURIComponent(saleId)}/lottery`);
if (!res.ok) {
  console.error(`GET lottery → ${res.status} ${await res.text()}`);
  process.exit(1);
}
const r = await res.json();
console.log(`sale ${r.saleId}: commitment ${r.commitment} (published ${r.committedAt}), opens ${r.opensAt}`);
if (!r.drawn || !r.seed) {
  console.log('not drawn yet: keep the commitment; the seed is revealed when the sale opens.');
  process.exit(0);
}
const failures = [];
if (sha256(r.seed) !== r.commitment) failures.push('SHA-256(seed) differs from the commitment');
const entrants = r.entrants ?? [];
if (new Set(entrants).size !== entrants.length) failures.push('the entrant list has duplicates');
const order = entrants
  .map((e) => ({ e, k: key(r.seed, e) }))
  .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.e < b.e ? -1 : 1))
  .map((x) => x.e);
if (JSON.stringify(order) !== JSON.stringify(r.order))
  failures.push('the published order is not the recomputed one');
if (sha256(order.join('\n')) !== r.digest) failures.push('the digest does not match the recomputed order');
console.log(`${entrants.length} entrants; seed ${r.seed}`);
if (mine) {
  const at = order.indexOf(mine);
  console.log(at < 0 ? `entrant ${mine} is NOT in the draw` : `entrant ${mine} was drawn at place ${at + 1}`);
  if (at < 0) failures.push('your entrant hash is missing');
}
if (failures.length) {
  for (const f of failures) console.error(`✗ ${f}`);
  process.exit(1);
}
console.log('✓ commitment, order and digest all check out');
