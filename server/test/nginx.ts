import { startNginx } from '../../scripts/lib/nginx.mjs';

export { checkNginx, renderNginx } from '../../scripts/lib/nginx.mjs';

/** A private nginx (deploy/nginx as shipped, addresses made local) in front of the given instances. */
export class Balancer {
  private nginx: Awaited<ReturnType<typeof startNginx>> | null = null;
  constructor(
    readonly port: number,
    private readonly upstreams: number[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.nginx = await startNginx(this.port, this.upstreams);
  }

  async stop(): Promise<void> {
    await this.nginx?.stop();
    this.nginx = null;
  }
}
