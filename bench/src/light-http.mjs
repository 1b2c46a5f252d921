// The HTTP requests a bench client makes while it is measured (buying a held seat: POST /api/orders), over
// Node's own `http` client with one keep-alive agent per load process.
//
// Why not `fetch`: Node 20's fetch (undici behind the WHATWG streams and Request/Response objects) cost
// its load process ≈ 200 µs of CPU per request more than `http.request` (measured apart, 2026-12-02:
// ≈ 260 against ≈ 70 µs for client and server in one process), and a rush buys hundreds of orders a
// second from processes that share the machine with the server under test (docs/performance.md).
import http from 'node:http';

/**
 * One agent per process: connections stay open between requests (as a passenger's browser keeps its
 * connection to the site), up to MAX_SOCKETS at once; more requests at once wait for a free one.
 */
const MAX_SOCKETS = 64;
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

/**
 * POSTs `body` as JSON; resolves with the status and the parsed JSON answer (null when the answer is
 * not JSON). Rejects only on a network failure, as fetch does.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {unknown} body
 * @returns {Promise<{ status: number, json: any }>}
 */
export function postJson(url, headers, body) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let json = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // Not JSON (a proxy's error page, say): the status tells the caller what happened.
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
