import pino from 'pino';
import { currentRequestId } from './request-context';

export type Logger = pino.Logger;

/** JSON lines; inside a socket event or HTTP request each line carries its `reqId`. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { svc: 'fastpass-server', pid: process.pid },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
