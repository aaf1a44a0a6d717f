// `twinsolve serve` as a child process for the browser tests: port 0 on 127.0.0.1, a
// scratch data directory, the address read from the line it prints; stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startServer(binary, webRoot, logDir) {
  const dataDir = mkdtempSync(join(tmpdir(), 'twinsolve-viewer-'));
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--web-root', webRoot,
    '--no-fsync', '--workers', '1'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TWINSOLVE_THREADS: '1' } });
  const log = createWriteStream(join(logDir, 'serve.log'));
  child.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no address from twinsolve serve within 30 s: ${out}`)), 30000);
    child.on('exit', (code) => reject(new Error(`twinsolve serve exited (${code}) before listening: ${out}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      log.write(chunk);
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return {
    url,
    dataDir,
    // SIGTERM (SIGKILL after 10 s), then the scratch data directory goes.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// A JSON GET against the server, for the answers the page must agree with.
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
