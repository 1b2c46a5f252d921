import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { isConnectionError } from './infra/failures';
import { redisTarget } from './infra/redis';
import { rolesOf } from './roles';

describe('scale-out configuration', () => {
  it('ROLES defaults to every role and accepts any subset; anything else is refused', () => {
    expect(rolesOf(loadConfig({}))).toEqual({ api: true, realtime: true, worker: true });
    expect(rolesOf(loadConfig({ ROLES: 'api, worker' }))).toEqual({
      api: true,
      realtime: false,
      worker: true,
    });
    expect(() => loadConfig({ ROLES: 'api,sweeper' })).toThrow(/ROLES/);
  });

  it('REDIS_CLUSTER_NODES switches the Redis target to the cluster; a malformed list is refused', () => {
    const single = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6390' });
    expect(redisTarget(single)).toEqual({ url: 'redis://127.0.0.1:6390' });
    const cluster = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-1.internal:7001' });
    expect(redisTarget(cluster)).toEqual({ clusterNodes: ['10.0.0.1:7000', 'redis-1.internal:7001'] });
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-1' })).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('a cluster that refused a command (CLUSTERDOWN) means it did not run: Postgres may take the call', () => {
    expect(isConnectionError(new Error('CLUSTERDOWN The cluster is down'))).toBe('not-ran');
    expect(isConnectionError(new Error('MOVED 3386 127.0.0.1:37267'))).toBe('not-ran');
    expect(isConnectionError(new Error('ASK 3386 127.0.0.1:37267'))).toBe('not-ran');
    expect(isConnectionError(new Error('TRYAGAIN Multiple keys request during rehashing of slot'))).toBe(
      'not-ran',
    );
    expect(isConnectionError(new Error('Too many Cluster redirections. Last error: x'))).toBe('maybe-ran');
    expect(isConnectionError(new Error('SEAT_TAKEN'))).toBeNull();
  });
});
