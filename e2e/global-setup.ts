// Starts the wspólnie server for the browser tests (see playwright.config.ts for when) and returns
// the teardown that stops it. Server stdout/stderr go to server.log in a fresh temp dir; the
// server-log reporter prints that log when the run fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
const READY_TIMEOUT_MS = 60_000;

function serverBinary(): string {
  if (process.env.WSPOLNIE_BIN) return path.resolve(process.env.WSPOLNIE_BIN);
  // cargo resolves a relative CARGO_TARGET_DIR against its working directory: the repo root.
  const target = path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR || 'target');
  return path.join(target, 'debug', 'wspolnie');
}

async function healthz(baseURL: string): Promise<number | null> {
  try {
    const res = await fetch(new URL('/healthz', baseURL), { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

function readLog(logPath: string): string {
  try {
    return fs.readFileSync(logPath, 'utf8');
  } catch {
    return '(no log)';
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  const baseURL = process.env.WSPOLNIE_BASE_URL!;
  if (process.env.WSPOLNIE_E2E_MANAGED_SERVER !== '1') {
    console.log(`e2e: testing the already running server at ${baseURL}`);
    return;
  }

  const bin = serverBinary();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `e2e: server binary ${bin} not found. Build it with \`cargo build --bin wspolnie\`, ` +
        'set WSPOLNIE_BIN, or point WSPOLNIE_BASE_URL at a running server.',
    );
  }
  if ((await healthz(baseURL)) !== null) {
    throw new Error(`e2e: something already answers at ${baseURL}; refusing to test a stale server.`);
  }

  const url = new URL(baseURL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wspolnie-e2e-'));
  const logPath = path.join(dir, 'server.log');
  const args = [
    'serve',
    '--addr', `${url.hostname}:${url.port}`,
    '--database-url', `sqlite://${path.join(dir, 'e2e.db')}`,
    '--demo',
  ];
  const logFd = fs.openSync(logPath, 'a');
  fs.writeSync(logFd, `$ ${bin} ${args.join(' ')}\n`);
  const child = spawn(bin, args, {
    cwd: dir,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, RUST_BACKTRACE: '1' },
  });
  process.env.WSPOLNIE_E2E_DIR = dir;
  process.env.WSPOLNIE_E2E_SERVER_LOG = logPath;

  let exited: string | null = null;
  child.on('error', (e) => (exited = `failed to start: ${e.message}`));
  child.on('exit', (code, signal) => (exited = `exited (${signal ?? `code ${code}`})`));
  // If the runner dies without running the teardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const started = Date.now();
  for (;;) {
    const status = await healthz(baseURL);
    if (status === 200) break;
    const problem =
      exited !== null
        ? `the server ${exited} before GET /healthz answered 200`
        : Date.now() - started > READY_TIMEOUT_MS
          ? `GET ${baseURL}/healthz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${status ?? 'no answer'})`
          : null;
    if (problem) {
      await stop(child);
      process.off('exit', killOnExit);
      fs.closeSync(logFd);
      process.env.WSPOLNIE_E2E_LOG_PRINTED = '1';
      throw new Error(`e2e: ${problem}.\n----- server log (${logPath}) -----\n${readLog(logPath)}----- end of server log -----`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`e2e: server ${bin} ready at ${baseURL} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logPath})`);

  return async () => {
    await stop(child);
    process.off('exit', killOnExit);
    fs.closeSync(logFd);
  };
}
