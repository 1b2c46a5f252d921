import pino from 'pino';
import { currentRequestId, traceRequests } from './request-context';

export type Logger = pino.Logger;

/**
 * JSON lines; at `debug` or finer, inside a socket event or HTTP request each line carries its `reqId`
 * (infra/request-context.ts says why only then).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { svc: 'fastpass-server', pid: process.pid },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
  };
  const log = destination ? pino(options, destination) : pino(options);
  if (log.isLevelEnabled('debug')) traceRequests();
  return log;
}
