/**
 * Classifies dependency failures. 'not-ran': the request never reached the server (connection refused
 * or closed before sending); 'maybe-ran': it may have executed (timeout, reset mid-flight).
 */
export function isConnectionError(err: unknown): 'not-ran' | 'maybe-ran' | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  const msg = err.message;
  // CLUSTERDOWN: the cluster refused the command (a master is gone and not yet replaced). MOVED, ASK,
  // TRYAGAIN: the node no longer (or not yet) serves the key's slot and refused the command before
  // running it; the client passes these on for a pipelined call caught by a failover, and they are an
  // outage of that slot, not a fault of the request.
  if (
    code === 'ECONNREFUSED' ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|^CLUSTERDOWN|^(MOVED|ASK|TRYAGAIN) /.test(
      msg,
    )
  )
    return 'not-ran';
  if (code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return 'maybe-ran';
  if (
    /Command timed out|MaxRetriesPerRequest|Reached the max retries|Too many Cluster redirections/.test(
      msg,
    ) ||
    err.name === 'MaxRetriesPerRequestError'
  ) {
    return 'maybe-ran';
  }
  return null;
}

/** A Postgres (or pool) failure that means "the database is unreachable", not "the query is wrong". */
export function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'KnexTimeoutError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(08|57P|53)/.test(code)) return true;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    /Connection terminated/.test(err.message)
  );
}
