/** Types of nginx.mjs for the TypeScript tests that use it. */
export function nginxBinary(): string;
export function renderNginx(port: number, upstreams: number[]): { prefix: string; conf: string };
export function checkNginx(conf: string, prefix: string): void;
export function startNginx(
  port: number,
  upstreams: number[],
): Promise<{ url: string; pid: number; stop: () => Promise<void> }>;
