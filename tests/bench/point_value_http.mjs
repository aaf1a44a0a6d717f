// Benchmark: GET /jobs/{id}/results/{layer}/value over HTTP, the way the viewer's browser test
// reads a difference layer cell by cell (every cell once, 25 requests at a time), against two
// `twinsolve serve` binaries in turn (a baseline and the one under test), same data, same run.
// Usage: node tests/bench/point_value_http.mjs BASELINE_BINARY BINARY [SIZE_KM CELL_M ROUNDS]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, getJson } from '../../web/tests/serve.mjs';

const [baseline, binary, sizeKm = '0.5', cellM = '10', rounds = '2'] = process.argv.slice(2);
const logDir = mkdtempSync(join(tmpdir(), 'point-value-http-'));
const webRoot = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'web', 'dist');

async function post(url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function measure(bin) {
  const server = await startServer(bin, webRoot, logDir);
  try {
    const scenario = await post(`${server.url}/scenarios`, { demo: { size_km: Number(sizeKm), cell_m: Number(cellM), seed: 1 } });
    const job = await post(`${server.url}/processes/heat/execution`,
      { inputs: { scenario: scenario.id, hours: '12', svf_radius_m: 20 } }, { Prefer: 'respond-async' });
    let status;
    do {
      await new Promise((r) => setTimeout(r, 200));
      status = await getJson(`${server.url}/jobs/${job.jobID}`);
    } while (status.status === 'accepted' || status.status === 'running');
    if (status.status !== 'successful') throw new Error(`heat job ${status.status}`);
    const { nx, ny, cell, x0, y0 } = scenario.grid;
    const cells = [];
    for (let row = 0; row < ny; row++)
      for (let col = 0; col < nx; col++) cells.push([x0 + (col + 0.5) * cell, y0 - (row + 0.5) * cell]);
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let sum = 0;
    for (let i = 0; i < cells.length; i += 25) {
      const answers = await Promise.all(cells.slice(i, i + 25).map(([x, y]) =>
        getJson(`${server.url}/jobs/${job.jobID}/results/pet/value?x=${x}&y=${y}`)));
      for (const a of answers) sum += a.value ?? 0;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const clientCpu = process.cpuUsage(cpuStart);
    return { requests: cells.length, seconds, sum, clientCpu: (clientCpu.user + clientCpu.system) / 1e6 };
  } finally {
    await server.stop();
  }
}

console.log(`demo ${sizeKm} km at ${cellM} m; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let round = 0; round < Number(rounds); round++) {
  for (const [name, bin] of [['baseline', baseline], ['this build', binary]]) {
    const r = await measure(bin);
    console.log(`${name}: ${r.requests} requests in ${r.seconds.toFixed(2)} s (${(r.requests / r.seconds).toFixed(0)}/s), ` +
      `client CPU ${r.clientCpu.toFixed(2)} s, sum of values ${r.sum.toFixed(3)}`);
  }
}
