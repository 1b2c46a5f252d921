/** A typed client for the booking server's HTTP API (contract.md, "HTTP"), built on the shared types. */
import {
  type AuthResponse,
  type DevSmsResponse,
  type ErrorBody,
  type ErrorCode,
  type GateScanRequest,
  type GateScanResponse,
  type Hold,
  type LotteryInfo,
  type LoginRequest,
  type MeResponse,
  type OrderRequest,
  type OrderResponse,
  type OrdersResponse,
  type PhoneStartRequest,
  type PhoneStartResponse,
  type PhoneVerifyRequest,
  type PhoneVerifyResponse,
  type ReadyzResponse,
  type RegisterRequest,
  type SeatsResponse,
  type StationsResponse,
  type TripResponse,
  type TripsQuery,
  type TripsResponse,
  isErrorCode,
} from '@fastpass/shared';
import { clearSession, ensureToken } from './session';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly status: number,
    readonly seatIds?: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface RequestOptions {
  body?: unknown;
  auth?: boolean;
  headers?: Record<string, string>;
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const data = (await res.json()) as { error?: Partial<ErrorBody> };
    const err = data.error;
    if (err && isErrorCode(err.code)) {
      return new ApiError(err.code, err.message ?? err.code, res.status, err.seatIds);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL', `HTTP ${res.status}`, res.status);
}

/** What the sandbox gateway shows on its hosted page. */
export interface SandboxPaymentView {
  ref: string;
  reference: string;
  amount: number;
  currency: string;
  description: string;
  status: 'pending' | 'captured' | 'failed' | 'cancelled' | 'refunded';
  returnUrl: string;
}

export function createApi(baseUrl: string) {
  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      if (opts.auth) headers.authorization = `Bearer ${await ensureToken(baseUrl)}`;
      let res: Response;
      try {
        res = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          cache: 'no-store',
        });
      } catch {
        throw new ApiError('NETWORK', 'Cannot reach the booking server', 0);
      }
      if (res.status === 401 && opts.auth && attempt === 0) {
        // The stored token is no longer accepted: drop it and continue as a new guest.
        clearSession();
        continue;
      }
      if (!res.ok) throw await toApiError(res);
      if (res.status === 204) return undefined as T;
      return (await res.json()) as T;
    }
  }

  function query(q: TripsQuery): string {
    const params = new URLSearchParams();
    if (q.from) params.set('from', q.from);
    if (q.to) params.set('to', q.to);
    if (q.date) params.set('date', q.date);
    const s = params.toString();
    return s ? `?${s}` : '';
  }

  return {
    baseUrl,
    stations: () => request<StationsResponse>('GET', '/api/stations'),
    trips: (q: TripsQuery = {}) => request<TripsResponse>('GET', `/api/trips${query(q)}`),
    trip: (id: string) => request<TripResponse>('GET', `/api/trips/${encodeURIComponent(id)}`),
    seats: (id: string) => request<SeatsResponse>('GET', `/api/trips/${encodeURIComponent(id)}/seats`),
    lottery: (saleId: string) =>
      request<LotteryInfo>('GET', `/api/sales/${encodeURIComponent(saleId)}/lottery`),
    createHold: (tripId: string, body: { seatIds: string[]; from: string; to: string }) =>
      request<Hold>('POST', `/api/trips/${encodeURIComponent(tripId)}/holds`, { body, auth: true }),
    releaseHold: (holdId: string) =>
      request<void>('DELETE', `/api/holds/${encodeURIComponent(holdId)}`, { auth: true }),
    createOrder: (body: OrderRequest, idempotencyKey: string) =>
      request<OrderResponse>('POST', '/api/orders', {
        body,
        auth: true,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    orders: () => request<OrdersResponse>('GET', '/api/orders', { auth: true }),
    cancelOrder: (id: string, seatIds?: string[]) =>
      request<OrderResponse>('POST', `/api/orders/${encodeURIComponent(id)}/cancel`, {
        auth: true,
        ...(seatIds ? { body: { seatIds } } : {}),
      }),
    order: (id: string) =>
      request<OrderResponse>('GET', `/api/orders/${encodeURIComponent(id)}`, { auth: true }),
    /** The sandbox gateway's hosted page (docs/payments.md). */
    sandboxPayment: (ref: string) =>
      request<SandboxPaymentView>('GET', `/api/payments/sandbox/${encodeURIComponent(ref)}`),
    completeSandboxPayment: (ref: string, outcome: 'pay' | 'fail' | 'cancel' | 'slow') =>
      request<{ status: string }>('POST', `/api/payments/sandbox/${encodeURIComponent(ref)}/complete`, {
        body: { outcome },
      }),
    ticketKeys: () => request<{ keys: JsonWebKey[] }>('GET', '/api/tickets/jwks'),
    lookupTicket: (pnr: string, phone: string) =>
      request<OrderResponse>(
        'GET',
        `/api/tickets/lookup?pnr=${encodeURIComponent(pnr)}&phone=${encodeURIComponent(phone)}`,
      ),
    gateScan: (body: GateScanRequest) =>
      request<GateScanResponse>('POST', '/api/gate/scan', { body, auth: true }),
    register: (body: RegisterRequest) => request<AuthResponse>('POST', '/api/auth/register', { body }),
    login: (body: LoginRequest) => request<AuthResponse>('POST', '/api/auth/login', { body }),
    guest: () => request<AuthResponse>('POST', '/api/auth/guest'),
    me: () => request<MeResponse>('GET', '/api/auth/me', { auth: true }),
    phoneStart: (body: PhoneStartRequest) =>
      request<PhoneStartResponse>('POST', '/api/auth/phone/start', { body, auth: true }),
    phoneVerify: (body: PhoneVerifyRequest) =>
      request<PhoneVerifyResponse>('POST', '/api/auth/phone/verify', { body, auth: true }),
    /** Sandbox SMS provider only (404 otherwise): what the server would have texted. */
    devSms: (phone?: string) =>
      request<DevSmsResponse>('GET', `/api/dev/sms${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`),
    readyz: async (): Promise<ReadyzResponse | null> => {
      try {
        const res = await fetch(`${baseUrl}/readyz`, { cache: 'no-store' });
        return (await res.json()) as ReadyzResponse;
      } catch {
        return null;
      }
    },
  };
}

export type Api = ReturnType<typeof createApi>;
