// Prints the server's log when the browser suite fails, and removes the server's temp dir
// (SQLite file + log) when it passes. Runs after the global teardown has stopped the server.
import fs from 'node:fs';
import type { FullResult, Reporter } from '@playwright/test/reporter';

export default class ServerLogReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  async onEnd(result: FullResult): Promise<void> {
    const logPath = process.env.WSPOLNIE_E2E_SERVER_LOG;
    const dir = process.env.WSPOLNIE_E2E_DIR;
    if (!logPath || !dir) return; // no server of ours (WSPOLNIE_BASE_URL mode)
    if (result.status === 'passed') {
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    if (process.env.WSPOLNIE_E2E_LOG_PRINTED !== '1') {
      let log = '(no log)';
      try {
        log = fs.readFileSync(logPath, 'utf8');
      } catch {}
      console.log(`\n----- server log (${logPath}) -----\n${log}----- end of server log -----`);
    }
    console.log(`e2e: run ${result.status}; server files kept in ${dir}`);
  }
}
