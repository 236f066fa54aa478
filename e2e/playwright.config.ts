// Browser tests for wspólnie: Playwright driving Debian's Chromium, axe-core on every page.
//
// Which server is tested:
// - WSPOLNIE_BASE_URL set   -> that already running server; nothing is started.
// - WSPOLNIE_BASE_URL unset -> global-setup.ts starts `$WSPOLNIE_BIN serve --demo` on a fresh SQLite
//   file on 127.0.0.1:<WSPOLNIE_E2E_PORT or a free port>, waits for /healthz, stops it at the end.
//   The config publishes the chosen URL as WSPOLNIE_BASE_URL so the workers see the same one.
//
// Browser: Debian's /usr/bin/chromium (npm cannot download browsers here); override with CHROMIUM_PATH.
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

if (!process.env.WSPOLNIE_BASE_URL || process.env.WSPOLNIE_E2E_MANAGED_SERVER === '1') {
  if (!process.env.WSPOLNIE_BASE_URL) {
    const port = process.env.WSPOLNIE_E2E_PORT || freePort();
    process.env.WSPOLNIE_BASE_URL = `http://127.0.0.1:${port}`;
  }
  process.env.WSPOLNIE_E2E_MANAGED_SERVER = '1';
}
const baseURL = process.env.WSPOLNIE_BASE_URL;

/** Ask the kernel for a free loopback port (synchronously: the config is not async). */
function freePort(): string {
  const script =
    "const s=require('net').createServer();" +
    "s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  // One server, one SQLite file, two cores: run the stories one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['./server-log-reporter.ts']],
  use: {
    baseURL,
    // A Polish resident's browser; tests that need English switch it in the UI.
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
