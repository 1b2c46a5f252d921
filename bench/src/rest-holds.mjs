// autocannon against the REST hold path: POST /api/trips/:id/holds with random seats and journeys,
// one guest user per connection. Usage (server and trip must exist):
//   node bench/src/rest-holds.mjs --url http://127.0.0.1:4000 --trip <tripId> [--connections 100] [--duration 10]
import { createRequire } from 'node:module';
import { pool } from './stats.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const url = arg('url', 'http://127.0.0.1:4000');
const tripId = arg('trip');
const connections = Number(arg('connections', 100));
const duration = Number(arg('duration', 10));
if (!tripId) {
  console.error('--trip <tripId> is required (e.g. a trip id from GET /api/trips)');
  process.exit(2);
}

const trip = await (await fetch(`${url}/api/trips/${tripId}`)).json();
const stations = trip.stops.map((s) => s.station);
const seats = trip.coaches.flatMap((c) => c.seats.map((s) => s.id));
const tokens = await pool(Array.from({ length: connections * 4 }), 32, async () => {
  const res = await fetch(`${url}/api/auth/guest`, { method: 'POST' });
  return (await res.json()).token;
});
let n = 0;

const result = await autocannon({
  url,
  connections,
  duration,
  requests: [
    {
      method: 'POST',
      path: `/api/trips/${tripId}/holds`,
      setupRequest: (req) => {
        const from = Math.floor(Math.random() * (stations.length - 1));
        const to = from + 1 + Math.floor(Math.random() * (stations.length - 1 - from));
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[n++ % tokens.length]}`,
          },
          body: JSON.stringify({
            seatIds: [seats[Math.floor(Math.random() * seats.length)]],
            from: stations[from],
            to: stations[to],
          }),
        };
      },
    },
  ],
});
console.log(autocannon.printResult(result));
console.log(
  JSON.stringify({
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    status2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
