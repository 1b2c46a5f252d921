import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type TestServer, api, guest, testDb } from './harness';
import { waitUntil } from './services';

/*
 * Business details (docs/operations.md): each resource is operators only, validated, refuses changes
 * that would break what depends on it, is audited, and reaches the other instance without a restart.
 */
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');

describe('business details API', () => {
  let cluster: Cluster;
  let a: TestServer;
  let b: TestServer;
  let operator: string;
  let passenger: string;
  const tag = letters(4);
  const codes = [`Q${tag}A`, `Q${tag}B`, `Q${tag}C`];
  const trainNumber = `T${tag}`;
  const stops = [
    { station: codes[0], arriveMin: null, departMin: 0, km: 0 },
    { station: codes[1], arriveMin: 50, departMin: 55, km: 40 },
    { station: codes[2], arriveMin: 120, departMin: null, km: 95 },
  ];
  const op = (method: string, path: string, body?: unknown, server = a) =>
    api(server.url, method, path, { token: operator, body });

  beforeAll(async () => {
    cluster = await startCluster({ servers: 2 });
    [a, b] = cluster.servers as [TestServer, TestServer];
    const login = await api(a.url, 'POST', '/api/auth/login', {
      body: { email: 'ops@fastpass.local', password: 'fastpass-ops' },
    });
    expect(login.status).toBe(200);
    operator = login.body.token;
    passenger = (await guest(a.url)).token;
  });
  afterAll(() => cluster?.stop());

  it.each([
    ['GET', '/api/ops/stations', undefined],
    ['POST', '/api/ops/stations', { code: 'ZZZ', name: 'Z' }],
    ['GET', '/api/ops/trains', undefined],
    ['POST', '/api/ops/trains', { number: 'X1', name: 'X', stops }],
    ['GET', '/api/ops/coach-types', undefined],
    ['PUT', '/api/ops/fares/S_CHAIR', { baseMinor: 1, perKmMinor: 1 }],
    ['GET', '/api/ops/schedules', undefined],
    ['POST', '/api/ops/trips/generate', {}],
    ['GET', '/api/ops/audit', undefined],
  ])('%s %s is for operators only (401 without a token, 403 for a passenger)', async (method, path, body) => {
    expect((await api(a.url, method, path, { body })).status).toBe(401);
    const res = await api(a.url, method, path, { token: passenger, body });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('validates input before anything else (400 names the field)', async () => {
    const bad = await op('POST', '/api/ops/stations', { code: 'dhk', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.message).toMatch(/code/);
    const backwards = await op('POST', '/api/ops/trains', {
      number: 'X1',
      name: 'X',
      stops: [stops[0], { ...stops[1], arriveMin: 0 }, stops[2]],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/stops\.1\.arriveMin/);
    const grid = await op('POST', '/api/ops/coach-types', {
      code: 'BAD',
      name: 'bad',
      class: 'S_CHAIR',
      rows: 2,
      cols: 2,
      seats: [{ row: 3, col: 1, label: '1' }],
    });
    expect(grid.status).toBe(400);
    expect(grid.body.error.message).toMatch(/grid/);
  });

  it('stations: create, refuse a duplicate, rename, and reach the other instance live', async () => {
    for (const [i, code] of codes.entries()) {
      const res = await op('POST', '/api/ops/stations', { code, name: `Test ${tag} ${i}` });
      expect(res.status).toBe(201);
    }
    const dup = await op('POST', '/api/ops/stations', { code: codes[0], name: 'again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('CONFLICT');
    // b cached its stations before the edit; it must drop them within CATALOG_REFRESH_MS.
    const onB = async () =>
      (await api(b.url, 'GET', '/api/stations')).body as Array<{ code: string; name: string }>;
    await onB();
    expect((await op('PATCH', `/api/ops/stations/${codes[0]}`, { name: `Renamed ${tag}` })).status).toBe(200);
    const started = Date.now();
    await waitUntil('the rename on instance b', async () =>
      (await onB()).some((s) => s.code === codes[0] && s.name === `Renamed ${tag}`),
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('trains: a timetable over known stations; a station a train uses cannot go', async () => {
    const unknown = await op('POST', '/api/ops/trains', {
      number: trainNumber,
      name: 'Test',
      stops: [stops[0], { ...stops[1], station: 'NOWHERE' }, stops[2]],
    });
    expect(unknown.status).toBe(404);
    const made = await op('POST', '/api/ops/trains', { number: trainNumber, name: `Test ${tag}`, stops });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ number: trainNumber, stops, coaches: [], schedules: 0 });
    expect((await op('POST', '/api/ops/trains', { number: trainNumber, name: 'x', stops })).status).toBe(409);
    const used = await op('DELETE', `/api/ops/stations/${codes[1]}`);
    expect(used.status).toBe(409);
    expect(used.body.error.message).toContain(trainNumber);
  });

  it('coach types and a consist: seats with access attributes, copied into the train', async () => {
    const type = {
      code: `L${tag}`,
      name: 'Test chair',
      class: 'S_CHAIR',
      rows: 2,
      cols: 3,
      aisleAfter: [1],
      seats: [
        { row: 1, col: 1, label: '1', access: ['wheelchair'] },
        { row: 1, col: 2, label: '2', access: ['companion'] },
        { row: 1, col: 3, label: '3' },
        { row: 2, col: 2, label: '4' },
        { row: 2, col: 3, label: '5', facing: 'backward' },
      ],
    };
    expect((await op('POST', '/api/ops/coach-types', type)).status).toBe(201);
    expect((await op('POST', '/api/ops/coach-types', type)).status).toBe(409);
    const missing = await op('PUT', `/api/ops/trains/${trainNumber}/consist`, {
      coaches: [{ code: 'KA', type: 'NOPE' }],
    });
    expect(missing.status).toBe(404);
    const consist = await op('PUT', `/api/ops/trains/${trainNumber}/consist`, {
      coaches: [
        { code: 'KA', type: type.code },
        { code: 'KHA', type: type.code },
      ],
    });
    expect(consist.status).toBe(200);
    expect(consist.body.coaches).toEqual([
      { code: 'KA', type: type.code, class: 'S_CHAIR', seats: 5 },
      { code: 'KHA', type: type.code, class: 'S_CHAIR', seats: 5 },
    ]);
    const seat = await testDb()('seats').where({ consist_id: consist.body.consistId, id: 'KA-1' }).first();
    expect(seat).toMatchObject({ access: ['wheelchair'], position: 'window' });
  });

  it('fares: a per-train override prices searches on every instance', async () => {
    expect(
      (await op('PUT', `/api/ops/trains/${trainNumber}/fares/NOCLASS`, { baseMinor: 1, perKmMinor: 1 }))
        .status,
    ).toBe(404);
    const set = await op('PUT', `/api/ops/trains/${trainNumber}/fares/S_CHAIR`, {
      baseMinor: 1000,
      perKmMinor: 10,
    });
    expect(set.status).toBe(200);
    const fares = await op('GET', '/api/ops/fares');
    expect(fares.body.overrides).toContainEqual({
      trainNumber,
      class: 'S_CHAIR',
      baseMinor: 1000,
      perKmMinor: 10,
    });
  });

  it('schedules → trips: idempotent, safe on two instances at once, a change reaches only new days', async () => {
    const bad = await op('POST', '/api/ops/schedules', {
      trainNumber,
      days: [8],
      departsLocal: '25:00',
      validFrom: '2026-01-01',
    });
    expect(bad.status).toBe(400);
    const today = (
      await testDb().raw(`SELECT to_char((now() AT TIME ZONE 'Asia/Dhaka')::date, 'YYYY-MM-DD') AS d`)
    ).rows[0].d as string;
    const created = await op('POST', '/api/ops/schedules', {
      trainNumber,
      days: [1, 2, 3, 4, 5, 6, 7],
      departsLocal: '23:50',
      validFrom: today,
    });
    expect(created.status).toBe(201);

    // Both instances generate the same four days at the same moment: each trip exists once.
    const runs = await Promise.all([
      op('POST', '/api/ops/trips/generate', { days: 3 }, a),
      op('POST', '/api/ops/trips/generate', { days: 3 }, b),
      a.deps.appDeps.admin.generator.generate(3),
    ]);
    const createdCounts = runs.map((r) => ('status' in r ? r.body.created : r.created) as number);
    expect(createdCounts.reduce((x, y) => x + y, 0)).toBe(4);
    const trips = async () =>
      testDb()('trips as t')
        .join('trains as tr', 'tr.id', 't.train_id')
        .where('tr.number', trainNumber)
        .orderBy('t.date')
        .select(
          't.id',
          't.consist_id',
          testDb().raw(`to_char(t.date, 'YYYY-MM-DD') AS date`),
          't.departs_at',
        );
    const first = await trips();
    expect(first).toHaveLength(4);
    const stopRows = await testDb()('trip_stops')
      .whereIn(
        'trip_id',
        first.map((t) => t.id),
      )
      .count<{ count: string }[]>();
    expect(Number(stopRows[0]!.count)).toBe(12);
    expect((await op('POST', '/api/ops/trips/generate', { days: 3 })).body.created).toBe(0);

    // The trip is on sale at once, on the other instance, with the override fare and its coaches.
    const trip = first[1]!;
    const onB = await api(b.url, 'GET', `/api/trips?date=${trip.date}&from=${codes[0]}&to=${codes[2]}`);
    expect(onB.body).toHaveLength(1);
    expect(onB.body[0].classes).toEqual([{ class: 'S_CHAIR', fare: 1000 + 10 * 95, available: 10 }]);

    // A new departure time and a new consist apply to days generated later, never to existing trips.
    const patched = await op('PATCH', `/api/ops/schedules/${created.body.id}`, { departsLocal: '06:00' });
    expect(patched.status).toBe(200);
    const consist = await op('PUT', `/api/ops/trains/${trainNumber}/consist`, {
      coaches: [{ code: 'KA', type: `L${tag}` }],
    });
    expect((await op('POST', '/api/ops/trips/generate', { days: 5 })).body.created).toBe(2);
    const after = await trips();
    expect(after.slice(0, 4)).toEqual(first);
    for (const t of after.slice(4)) {
      expect(t.consist_id).toBe(consist.body.consistId);
      expect(new Date(t.departs_at).toISOString()).toBe(new Date(`${t.date}T00:00:00Z`).toISOString());
    }
    const oldTrip = await api(b.url, 'GET', `/api/trips/${first[0]!.id}`);
    expect(oldTrip.body.coaches.map((c: { code: string }) => c.code)).toEqual(['KA', 'KHA']);

    // A chosen trip without tickets or holds may move to the new consist; one with a hold may not.
    const held = first[2]!.id;
    const g = await guest(a.url);
    const hold = await api(a.url, 'POST', `/api/trips/${held}/holds`, {
      token: g.token,
      body: { seatIds: ['KA-3'], from: codes[0], to: codes[2] },
    });
    expect(hold.status).toBe(201);
    await waitUntil('the hold mirrored to Postgres', async () =>
      Boolean(await testDb()('holds').where({ trip_id: held, status: 'active' }).first()),
    );
    const refused = await op('PUT', `/api/ops/trains/${trainNumber}/consist`, {
      coaches: [{ code: 'KA', type: `L${tag}` }],
      applyToTrips: [held],
    });
    expect(refused.status).toBe(409);
    const moved = await op('PUT', `/api/ops/trains/${trainNumber}/consist`, {
      coaches: [{ code: 'KA', type: `L${tag}` }],
      applyToTrips: [first[3]!.id],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.appliedTo).toEqual([first[3]!.id]);
    await waitUntil('the moved trip on instance b', async () => {
      const t = await api(b.url, 'GET', `/api/trips/${first[3]!.id}`);
      return t.body.coaches.length === 1;
    });

    // A train with trips is history: it cannot be deleted.
    const del = await op('DELETE', `/api/ops/trains/${trainNumber}`);
    expect(del.status).toBe(409);
  });

  it('audit log: who did what, with before and after', async () => {
    const res = await op('GET', '/api/ops/audit?limit=200');
    expect(res.status).toBe(200);
    const rename = (res.body as Array<Record<string, unknown>>).find(
      (e) => e.action === 'station.rename' && e.resourceId === codes[0],
    );
    expect(rename).toMatchObject({
      actor: 'ops@fastpass.local',
      resource: 'station',
      before: { code: codes[0], name: `Test ${tag} 0` },
      after: { code: codes[0], name: `Renamed ${tag}` },
    });
    const actions = (res.body as Array<{ action: string; resourceId: string }>)
      .filter((e) => e.resourceId.startsWith(trainNumber))
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['train.create', 'train.consist', 'trainFare.set']));
    // Refused changes leave no entry: one create, three consists saved (the fourth was refused).
    expect(actions.filter((x) => x === 'train.create')).toHaveLength(1);
    expect(actions.filter((x) => x === 'train.consist')).toHaveLength(3);
  });
});
