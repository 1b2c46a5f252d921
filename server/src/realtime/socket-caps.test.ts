import { describe, expect, it } from 'vitest';
import { SocketCaps } from './socket-caps';

describe('SocketCaps', () => {
  it('caps sockets per user and per address, and frees a slot on release', () => {
    const caps = new SocketCaps({ perUser: 2, perAddress: 3 });
    expect(caps.admit('u1', 'a')).toBeNull();
    expect(caps.admit('u1', 'a')).toBeNull();
    expect(caps.admit('u1', 'b')).toMatch(/per user/);
    expect(caps.admit('u2', 'a')).toBeNull();
    expect(caps.admit('u3', 'a')).toMatch(/per address/);
    caps.release('u1', 'a');
    expect(caps.admit('u1', 'b')).toBeNull();
    expect(caps.admit('u3', 'a')).toBeNull();
  });
  it('zero switches a cap off', () => {
    const caps = new SocketCaps({ perUser: 0, perAddress: 0 });
    for (let i = 0; i < 100; i++) expect(caps.admit('u', 'a')).toBeNull();
  });
});
