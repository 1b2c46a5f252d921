/** Types of redis-cluster.mjs for the TypeScript tests that use it. */
export interface RedisClusterHandle {
  nodes: string[];
  masterPorts(): Promise<number[]>;
  kill(port: number): void;
  stop(): Promise<void>;
}
export function startRedisCluster(opts: {
  dataDir: string;
  masters?: number;
  replicas?: number;
  nodeTimeoutMs?: number;
}): Promise<RedisClusterHandle>;
export function redisCli(port: number, ...args: string[]): Promise<string>;
