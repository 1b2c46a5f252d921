/**
 * The one zod every shared schema is built with, configured before any schema exists.
 *
 * - zod 4 compiles each object schema into a parser with `new Function` (a hold request parses in
 *   ≈ 1 µs against ≈ 6.5 µs for zod 3; docs/performance.md). The app's Content-Security-Policy forbids
 *   eval in the browser, and even zod's probe for it is reported as a violation, so in a browser the
 *   schemas run interpreted (`jitless`, which also skips the probe). The server keeps the compiled
 *   parsers, which is where the speed matters.
 * - A missing field reads "Required", as it always has in this API's error messages, rather than
 *   zod 4's "Invalid input: expected string, received undefined".
 */
import { z } from 'zod/v4';

z.config({
  jitless: 'window' in globalThis,
  customError: (issue) => (issue.input === undefined ? 'Required' : undefined),
});

export { z };
