/** The operators' API (`/api/ops/*`, docs/operations.md) with the signed-in operator's token. */
import {
  type AuditEntry,
  type CoachTypeInput,
  type ConsistInput,
  type ErrorBody,
  type GenerateResult,
  type KioskCreateResult,
  type OpsStaffMember,
  type StaffInvite,
  type StaffInviteResult,
  type OpsFares,
  type OpsSchedule,
  type OpsStation,
  type OpsTrain,
  type SaleDetails,
  type ScheduleCreate,
  type SchedulePatch,
  type StationCreate,
  type TrainCreate,
  type TrainPatch,
  isErrorCode,
} from '@fastpass/shared';
import { ApiError } from '@/lib/api';
import { storedToken } from '@/lib/session';

export interface SaleInput {
  id?: string;
  name: string;
  tripIds: string[];
  opensAt: string | null;
  closesAt: string | null;
  queue: boolean;
  verifiedOnly: boolean;
  admitPerMinute?: number;
  admissionMinutes?: number;
}

export interface OpsTrip {
  id: string;
  date: string;
  departsAt: string;
  status: 'scheduled' | 'cancelled';
  saleId: string;
  consistId: number;
  tickets: number;
}

export function createOpsApi(baseUrl: string) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${storedToken() ?? ''}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError('NETWORK', 'Cannot reach the booking server', 0);
    }
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => null)) as { error?: Partial<ErrorBody> } | null;
    if (!res.ok) {
      const err = data?.error;
      throw new ApiError(
        err && isErrorCode(err.code) ? err.code : 'INTERNAL',
        err?.message ?? `HTTP ${res.status}`,
        res.status,
      );
    }
    return data as T;
  }
  const enc = encodeURIComponent;
  return {
    stations: () => request<OpsStation[]>('GET', '/ops/stations'),
    createStation: (b: StationCreate) => request<OpsStation>('POST', '/ops/stations', b),
    renameStation: (code: string, name: string) =>
      request<OpsStation>('PATCH', `/ops/stations/${enc(code)}`, { name }),
    deleteStation: (code: string) => request<void>('DELETE', `/ops/stations/${enc(code)}`),
    trains: () => request<OpsTrain[]>('GET', '/ops/trains'),
    train: (n: string) => request<OpsTrain>('GET', `/ops/trains/${enc(n)}`),
    createTrain: (b: TrainCreate) => request<OpsTrain>('POST', '/ops/trains', b),
    updateTrain: (n: string, b: TrainPatch) => request<OpsTrain>('PATCH', `/ops/trains/${enc(n)}`, b),
    deleteTrain: (n: string) => request<void>('DELETE', `/ops/trains/${enc(n)}`),
    setConsist: (n: string, b: ConsistInput) =>
      request<OpsTrain & { appliedTo: string[] }>('PUT', `/ops/trains/${enc(n)}/consist`, b),
    coachTypes: () => request<CoachTypeInput[]>('GET', '/ops/coach-types'),
    createCoachType: (b: CoachTypeInput) => request<CoachTypeInput>('POST', '/ops/coach-types', b),
    replaceCoachType: (b: CoachTypeInput) =>
      request<CoachTypeInput>('PUT', `/ops/coach-types/${enc(b.code)}`, b),
    deleteCoachType: (code: string) => request<void>('DELETE', `/ops/coach-types/${enc(code)}`),
    fares: () => request<OpsFares>('GET', '/ops/fares'),
    setFare: (cls: string, b: { baseMinor: number; perKmMinor: number; currency: string }) =>
      request('PUT', `/ops/fares/${enc(cls)}`, b),
    setTrainFare: (n: string, cls: string, b: { baseMinor: number; perKmMinor: number }) =>
      request('PUT', `/ops/trains/${enc(n)}/fares/${enc(cls)}`, b),
    deleteTrainFare: (n: string, cls: string) =>
      request<void>('DELETE', `/ops/trains/${enc(n)}/fares/${enc(cls)}`),
    schedules: () => request<OpsSchedule[]>('GET', '/ops/schedules'),
    createSchedule: (b: ScheduleCreate) => request<OpsSchedule>('POST', '/ops/schedules', b),
    updateSchedule: (id: number, b: SchedulePatch) =>
      request<OpsSchedule>('PATCH', `/ops/schedules/${id}`, b),
    deleteSchedule: (id: number) => request<void>('DELETE', `/ops/schedules/${id}`),
    trainTrips: (n: string) => request<OpsTrip[]>('GET', `/ops/trains/${enc(n)}/trips`),
    cancelTrip: (id: string) =>
      request<{ tripId: string; cancelledAt: string; ordersCancelled: number }>(
        'POST',
        `/ops/trips/${enc(id)}/cancel`,
        {},
      ),
    generate: (days?: number) =>
      request<GenerateResult>('POST', '/ops/trips/generate', days === undefined ? {} : { days }),
    staff: () => request<OpsStaffMember[]>('GET', '/ops/staff'),
    inviteStaff: (b: StaffInvite) => request<StaffInviteResult>('POST', '/ops/staff', b),
    setRole: (id: string, role: 'passenger' | 'staff' | 'operator') =>
      request<void>('PATCH', `/ops/staff/${enc(id)}`, { role }),
    registerKiosk: (b: { name: string; station: string }) =>
      request<KioskCreateResult>('POST', '/ops/kiosks', b),
    revokeKiosk: (id: number) => request<void>('DELETE', `/ops/kiosks/${id}`),
    audit: (resource?: string) =>
      request<AuditEntry[]>('GET', `/ops/audit?limit=200${resource ? `&resource=${enc(resource)}` : ''}`),
    sales: () => request<SaleDetails[]>('GET', '/sales'),
    createSale: (b: SaleInput) => request<SaleDetails>('POST', '/ops/sales', b),
    patchSale: (id: string, b: Partial<SaleInput> & { state?: 'open' | 'paused' | 'closed' }) =>
      request<SaleDetails>('PATCH', `/ops/sales/${enc(id)}`, b),
  };
}

export type OpsApi = ReturnType<typeof createOpsApi>;

/** A failure as one sentence for a `role="alert"`. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.code === 'NETWORK' ? e.message : `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}
