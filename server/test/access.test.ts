/** Wheelchair spaces and priority seats are held only by passengers who tick the need; companions by anyone. */
import { type Trip, mayHold } from '@fastpass/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './cluster';
import { type TestServer, api, ask } from './harness';

describe('mayHold', () => {
  it('wheelchair spaces need `wheelchair`; priority seats `priority` or `wheelchair`; companions anyone', () => {
    expect(mayHold({ access: ['wheelchair'] })).toBe(false);
    expect(mayHold({ access: ['wheelchair'] }, ['priority'])).toBe(false);
    expect(mayHold({ access: ['wheelchair'] }, ['wheelchair'])).toBe(true);
    expect(mayHold({ access: ['priority'] })).toBe(false);
    expect(mayHold({ access: ['priority'] }, ['priority'])).toBe(true);
    expect(mayHold({ access: ['priority'] }, ['wheelchair'])).toBe(true);
    expect(mayHold({ access: ['companion'] })).toBe(true);
    expect(mayHold({})).toBe(true);
  });
});

describe('holding accessible seats', () => {
  let cluster: Cluster;
  let s: TestServer;
  let trip: Trip;
  const seatWith = (a: string) =>
    trip.coaches.flatMap((c) => c.seats).find((x) => x.access?.includes(a as never))?.id as string;
  beforeAll(async () => {
    cluster = await startCluster();
    s = cluster.servers[0] as TestServer;
    trip = (await api(s.url, 'GET', `/api/trips/${cluster.trip}`)).body as Trip;
  });
  afterAll(() => cluster?.stop());

  it('the seeded layout has wheelchair spaces and priority seats, with companion seats beside them', () => {
    const coach = trip.coaches.find((c) => c.seats.some((x) => x.access?.includes('wheelchair')));
    expect(coach).toBeDefined();
    const last = coach!.seats.filter((x) => x.row === coach!.layout.rows).sort((a, b) => a.col - b.col);
    expect(last.map((x) => x.access ?? [])).toEqual([
      ['wheelchair'],
      ['companion'],
      ['companion'],
      ['priority'],
    ]);
  });

  it('REST: FORBIDDEN with the seats without the need; nothing is held; with it, 201', async () => {
    const { token } = await cluster.guest();
    const wheelchair = seatWith('wheelchair');
    const body = { seatIds: [wheelchair], from: 'DHK', to: 'CTG' };
    const refused = await api(s.url, 'POST', `/api/trips/${cluster.trip}/holds`, { token, body });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', seatIds: [wheelchair] });
    const seats = (await api(s.url, 'GET', `/api/trips/${cluster.trip}/seats`)).body.seats as {
      id: string;
      held: number;
    }[];
    expect(seats.find((x) => x.id === wheelchair)?.held).toBe(0);
    const granted = await api(s.url, 'POST', `/api/trips/${cluster.trip}/holds`, {
      token,
      body: { ...body, needs: ['wheelchair'] },
    });
    expect(granted.status).toBe(201);
  });

  it('socket: a priority seat with a companion is refused without the need and granted with it', async () => {
    const socket = await cluster.socket();
    const priority = seatWith('priority');
    const companion = trip.coaches
      .flatMap((c) => c.seats)
      .find((x) => x.access?.includes('companion') && x.col === 3)?.id as string;
    const payload = { tripId: cluster.trip, seatIds: [priority, companion], from: 'DHK', to: 'BBT' };
    const refused = await ask(socket, 'seat:hold', payload);
    expect(refused.ok === false && refused.error).toMatchObject({ code: 'FORBIDDEN', seatIds: [priority] });
    const granted = await ask(socket, 'seat:hold', { ...payload, needs: ['priority'] });
    expect(granted.ok).toBe(true);
  });

  it('an unknown need is VALIDATION; companion seats need nothing; best-available never picks a reserved seat', async () => {
    const socket = await cluster.socket();
    const companion = seatWith('companion');
    const bad = await ask(socket, 'seat:hold', {
      tripId: cluster.trip,
      seatIds: [companion],
      from: 'DHK',
      to: 'BBT',
      needs: ['vip'],
    } as never);
    expect(bad.ok === false && bad.error.code).toBe('VALIDATION');
    expect(
      (await ask(socket, 'seat:hold', { tripId: cluster.trip, seatIds: [companion], from: 'BBT', to: 'CTG' }))
        .ok,
    ).toBe(true);
    const coach = trip.coaches.find((c) => c.seats.some((x) => x.access?.includes('wheelchair')))!;
    const best = await ask(await cluster.socket(), 'seat:holdBest', {
      tripId: cluster.trip,
      from: 'DHK',
      to: 'CTG',
      count: 4,
      coach: coach.code,
    });
    if (!best.ok) throw new Error(best.error.message);
    const reserved = new Set(
      coach.seats.filter((x) => x.access?.some((a) => a !== 'companion')).map((x) => x.id),
    );
    expect(best.hold.seatIds.filter((id) => reserved.has(id))).toEqual([]);
  });
});
