// How every launcher here starts the booking server's Node.js process (`npm run start:server`, the
// server's own `npm start` and the Kubernetes manifests spell out the same flag).
//
// --max-semi-space-size=64: a rush allocates fast (socket frames, acks, script replies) and almost all
// of it dies young. V8's default young generation (16 MB semi-spaces) then scavenges many times a
// second; 64 MB semi-spaces cut the server's CPU per request by about a fifth in the closed-loop bench
// (docs/performance.md) for about 100 MB more resident memory.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
export const SERVER_ENTRY = 'server/dist/index.js';
