/** The waiting room's state: one zustand store per <WaitingRoom> (never a module global), fed by socket.ts. */
import type { LotteryInfo, QueueAdmitted, QueueStatus, QueueUpdate } from '@fastpass/shared';
import { createStore } from 'zustand/vanilla';

export type WaitingPhase = 'joining' | 'lottery' | 'queue' | 'admitted' | 'unavailable' | 'error';

export interface WaitingState {
  tripId: string;
  phase: WaitingPhase;
  position: number | null;
  /** The furthest back I have been: the start of the progress bar. */
  startPosition: number | null;
  etaSeconds: number | null;
  entrant: string | null;
  entrants: number | null;
  expiresAt: string | null;
  lottery: LotteryInfo | null;
  connected: boolean;
  message: string | null;
}

export interface WaitingActions {
  applyStatus(status: QueueStatus): void;
  applyUpdate(update: QueueUpdate): void;
  admit(event: QueueAdmitted): void;
  setLottery(info: LotteryInfo): void;
  setConnected(on: boolean): void;
  fail(phase: 'unavailable' | 'error', message: string): void;
}

export type WaitingStore = ReturnType<typeof createWaitingStore>;

export function createWaitingStore(tripId: string) {
  return createStore<WaitingState & WaitingActions>()((set) => ({
    tripId,
    phase: 'joining',
    position: null,
    startPosition: null,
    etaSeconds: null,
    entrant: null,
    entrants: null,
    expiresAt: null,
    lottery: null,
    connected: false,
    message: null,
    applyStatus: (s) =>
      set((st) => {
        if (s.state === 'admitted')
          return { phase: 'admitted', expiresAt: s.expiresAt ?? null, message: null };
        const position = s.position ?? null;
        return {
          phase: s.phase === 'lottery' || position === null ? 'lottery' : 'queue',
          position,
          startPosition: position === null ? st.startPosition : Math.max(st.startPosition ?? 0, position),
          etaSeconds: s.etaSeconds ?? null,
          entrant: s.entrant ?? st.entrant,
          entrants: s.entrants ?? st.entrants,
          message: null,
        };
      }),
    applyUpdate: (u) =>
      set((st) =>
        u.tripId !== st.tripId || st.phase === 'admitted'
          ? {}
          : {
              phase: 'queue',
              position: u.position,
              startPosition: Math.max(st.startPosition ?? 0, u.position),
              etaSeconds: u.etaSeconds,
            },
      ),
    admit: (e) => set((st) => (e.tripId !== st.tripId ? {} : { phase: 'admitted', expiresAt: e.expiresAt })),
    setLottery: (lottery) => set({ lottery }),
    setConnected: (connected) => set({ connected }),
    fail: (phase, message) => set({ phase, message }),
  }));
}

/** 0..1: how far through the line I am since I first saw my position. */
export function progressOf(s: Pick<WaitingState, 'position' | 'startPosition' | 'phase'>): number {
  if (s.phase === 'admitted') return 1;
  if (s.position === null || !s.startPosition) return 0;
  return Math.min(1, Math.max(0, (s.startPosition - s.position + 1) / s.startPosition));
}
