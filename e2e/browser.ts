/** How Chromium is launched here: the Debian build at /usr/bin/chromium (Playwright cannot download one). */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const LAUNCH_OPTIONS = { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS };
