import type { StoreEffects } from './hold-store';

/** Where store effects go: the realtime broadcaster in the server, a recorder in tests. */
export interface EffectsSink {
  publish(effects: StoreEffects): void;
}
