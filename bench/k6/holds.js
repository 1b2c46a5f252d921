// k6 load test of the REST hold path, for users who have k6 (https://k6.io):
//   k6 run -e BASE_URL=http://127.0.0.1:4000 -e TRIP_ID=<tripId> bench/k6/holds.js
// Each virtual user is a guest passenger who holds a random seat over a random journey, sometimes
// releases it, and reads the seat map. 201 = held, 409 = SEAT_TAKEN (a fair loss), 422 = over the
// per-user allowance; anything else is a failure.
import { check } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:4000';
const TRIP = __ENV.TRIP_ID;

export const options = {
  scenarios: {
    rush: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '10s', target: Number(__ENV.VUS || 200) },
        { duration: __ENV.DURATION || '30s', target: Number(__ENV.VUS || 200) },
        { duration: '5s', target: 0 },
      ],
    },
  },
  thresholds: {
    'http_req_duration{name:hold}': ['p(99)<250'],
    unexpected: ['count==0'],
  },
};

const held = new Counter('held');
const taken = new Counter('seat_taken');
const unexpected = new Counter('unexpected');
const holdLatency = new Trend('hold_latency', true);

export function setup() {
  if (!TRIP) throw new Error('set -e TRIP_ID=<tripId> (GET /api/trips lists them)');
  const trip = http.get(`${BASE}/api/trips/${TRIP}`).json();
  return {
    stations: trip.stops.map((s) => s.station),
    seats: trip.coaches.flatMap((c) => c.seats.map((s) => s.id)),
  };
}

let token = null;

export default function (data) {
  if (!token) token = http.post(`${BASE}/api/auth/guest`).json('token');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const n = data.stations.length;
  const from = Math.floor(Math.random() * (n - 1));
  const to = from + 1 + Math.floor(Math.random() * (n - 1 - from));
  const seat = data.seats[Math.floor(Math.random() * data.seats.length)];
  const res = http.post(
    `${BASE}/api/trips/${TRIP}/holds`,
    JSON.stringify({ seatIds: [seat], from: data.stations[from], to: data.stations[to] }),
    { headers, tags: { name: 'hold' } },
  );
  holdLatency.add(res.timings.duration);
  check(res, { 'hold answered (201/409/422)': (r) => [201, 409, 422].includes(r.status) });
  if (res.status === 201) {
    held.add(1);
    if (Math.random() < 0.5)
      http.del(`${BASE}/api/holds/${res.json('holdId')}`, null, { headers, tags: { name: 'release' } });
  } else if (res.status === 409) taken.add(1);
  else if (res.status !== 422) unexpected.add(1);
  http.get(`${BASE}/api/trips/${TRIP}/seats`, { tags: { name: 'seats' } });
}
