// The viewer in a real browser (Debian's chromium, headless, driven by playwright-core)
// against a real `twinsolve serve` on loopback: load the page, generate a small demo town,
// run the heat process, see its layer drawn, read a value by clicking and compare it with
// the API, draw a building block, run again against the scenario without it, and check that
// the difference layer changes only near the block. Screenshots go to the artifact folder.
//
// Usage: node web/tests/viewer.test.mjs <twinsolve binary> [artifact dir]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, getJson } from './serve.mjs';
import { mapPixels, waitForPixels, mapToPixel, waitForFit } from './map_canvas.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2];
const artifacts = resolve(process.argv[3] || join(here, '..', '..', 'out', 'viewer-tests'));
const webRoot = join(here, '..', 'dist');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// The heat process, kept small: one hour, a 20 m sky view radius, on 0.5 km at 10 m.
const HEAT = { hours: '12', svf_radius_m: 20 };
// A block of 15 m: at 12:00 CEST on the default day (25 July) the sun stands about 52° high
// at 52° N, so its shadow reaches about 12 m (bounded here with 45°: 15 m), and the sky view
// factor sees 20 m: a difference may appear only within that reach of the block.
const BLOCK_HEIGHT = 15;
const REACH_M = HEAT.svf_radius_m + BLOCK_HEIGHT / Math.tan((45 * Math.PI) / 180);

test('the viewer drives the API end to end', { timeout: 600_000 }, async (t) => {
  assert.ok(binary && existsSync(binary), `give the twinsolve binary as the first argument (got ${binary})`);
  assert.ok(existsSync(join(webRoot, 'index.html')), `build the viewer first (cd web && npm run build): ${webRoot}`);
  mkdirSync(artifacts, { recursive: true });
  const server = await startServer(binary, webRoot, artifacts);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  const executions = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/execution')) executions.push(request.postDataJSON());
  });
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const state = {};
  // Steps build on each other: after a failure the rest are skipped, not failed again.
  let failed = false;
  const step = (name, body) =>
    t.test(name, async (s) => {
      if (failed) return s.skip('an earlier step failed');
      try {
        await body(s);
      } catch (error) {
        failed = true;
        await shot('failure').catch(() => {});
        throw error;
      }
    });
  try {
    await step('a browser asking for / gets the viewer', async () => {
      await page.goto(`${server.url}/`);
      assert.equal(new URL(page.url()).pathname, '/viewer/');
      await page.getByRole('heading', { name: '1. Scenario' }).waitFor();
      await page.locator('#process option[value="heat"]').waitFor({ state: 'attached' });
    });

    await step('generate a demo town: its own layers are drawn', async () => {
      await page.locator('#demo summary').click();
      await page.getByLabel('Size (km)').fill('0.5');
      await page.getByLabel('Cell size (m)').fill('10');
      await page.getByRole('button', { name: 'Generate', exact: true }).click();
      await page.locator('#scenario-info', { hasText: '0.5 × 0.5 km' }).waitFor();
      state.scenarioId = await page.locator('#scenario').inputValue();
      state.scenario = await getJson(`${server.url}/scenarios/${state.scenarioId}`);
      assert.deepEqual([state.scenario.grid.nx, state.scenario.grid.ny], [50, 50]);
      assert.ok(await waitForPixels(page, (n) => n > 1000), 'the base layers leave the map blank');
      // Its roads and farms from the feature tables, over the images.
      await page.locator('#layers li[data-key="base:roads"]').waitFor();
      await page.locator('#layers li[data-key="base:nitrogen_sources"]').waitFor();
      await shot('1-scenario');
    });

    await step('the terrain shading is drawn from the API\'s hillshade', async () => {
      const boxes = page.locator('#layers li[data-key^="base:"]:not([data-key="base:hillshade"]) input[type="checkbox"]');
      for (const box of await boxes.all()) await box.uncheck();
      assert.ok(await page.locator('#layers li[data-key="base:hillshade"] input[type="checkbox"]').isChecked());
      // The shading alone: black with alpha 255 - shade on every cell with a height.
      assert.ok(await waitForPixels(page, (n) => n > 1000), 'the terrain shading leaves the map blank');
      await shot('1b-hillshade');
      const response = await fetch(`${server.url}/scenarios/${state.scenarioId}/layers/dtm?f=png&style=hillshade`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      for (const box of await boxes.all()) await box.check();
    });

    await step('run heat: progress to successful, the result layer is drawn', async () => {
      await page.selectOption('#process', 'heat');
      await page.locator('#parameters [name="svf_radius_m"]').fill(String(HEAT.svf_radius_m));
      await page.locator('#parameters [name="hours"]').fill(HEAT.hours);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('#job-status[data-status="successful"]').waitFor({ timeout: 240_000 });
      assert.equal(await page.locator('#progress').evaluate((p) => p.value), 100);
      assert.equal(executions.length, 1);
      assert.equal(executions[0].inputs.scenario, state.scenarioId);
      state.job = await page.locator('#job-status').getAttribute('data-job');
      const results = await getJson(`${server.url}/jobs/${state.job}/results`);
      const names = Object.keys(results).filter((k) => k !== 'statistics');
      assert.ok(names.length > 0);
      // Only the result: base layers off. Blank first, so the count below means the result.
      for (const box of await page.locator('#layers li[data-key^="base:"] input[type="checkbox"]').all()) await box.uncheck();
      const shown = page.locator(`#layers li[data-key="result:${names[0]}"] input[type="checkbox"]`);
      await shown.uncheck();
      assert.ok(await waitForPixels(page, (n) => n === 0), 'the map is not blank with every layer off');
      await shown.check();
      assert.ok(await waitForPixels(page, (n) => n > 2000), `the result layer ${names[0]} is not drawn`);
      state.layer = names[0];
      await shot('2-result');
    });

    await step('a click shows the value the API gives for that cell', async () => {
      const grid = state.scenario.grid;
      let nonNull = 0;
      for (const [fx, fy] of [[0.5, 0.5], [0.3, 0.7], [0.8, 0.25]]) {
        const x = grid.x0 + fx * grid.nx * grid.cell;
        const y = grid.y0 - fy * grid.ny * grid.cell;
        const [px, py] = await mapToPixel(page, grid, [x, y]);
        await page.locator('#map').click({ position: { x: px, y: py } });
        // The page names the clicked point (within a pixel of the map: < 2 m here) and, once
        // the API answered, its cell. OpenLayers waits 250 ms to tell a click from a double-click.
        const shown = await page.waitForFunction(([cx, cy]) => {
          const p = document.querySelector('#point-values p.point');
          if (!p || !p.textContent.includes('cell column')) return null;
          const [sx, sy] = [Number(p.dataset.x), Number(p.dataset.y)];
          return Math.abs(sx - cx) < 2 && Math.abs(sy - cy) < 2 ? [sx, sy] : null;
        }, [x, y], { timeout: 10_000 }).then((handle) => handle.jsonValue(), async () => {
          const p = page.locator('#point-values p.point');
          throw new Error(`clicked (${x}, ${y}), the page shows ${await p.textContent()}`);
        });
        const [shownX, shownY] = shown;
        const api = await getJson(`${server.url}/jobs/${state.job}/results/${state.layer}/value?x=${shownX}&y=${shownY}`);
        const pageValue = await page.locator(`#point-values dd[data-job][data-layer="${state.layer}"]`).getAttribute('data-value');
        assert.equal(pageValue, api.value === null ? 'null' : String(api.value), `at (${shownX}, ${shownY})`);
        if (api.value !== null) nonNull += 1;
        // The scenario's own layers at the same point, each as the API gives it.
        for (const layer of state.scenario.layers) {
          const input = await getJson(`${server.url}/scenarios/${state.scenarioId}/layers/${layer}/value?x=${shownX}&y=${shownY}`);
          const shownInput = await page.locator(`#point-values dd[data-scenario][data-layer="${layer}"]`).getAttribute('data-value');
          assert.equal(shownInput, input.value === null ? 'null' : String(input.value), `${layer} at (${shownX}, ${shownY})`);
        }
      }
      assert.ok(nonNull > 0, 'every clicked cell was nodata: the comparison showed nothing');
      await shot('3-value');
    });

    await step('draw a building block and run against the scenario without it', async () => {
      const grid = state.scenario.grid;
      // A 60 m square, off-centre, drawn corner by corner and closed on the first corner.
      const x0 = grid.x0 + 0.3 * grid.nx * grid.cell;
      const y0 = grid.y0 - 0.6 * grid.ny * grid.cell;
      const corners = [[x0, y0], [x0 + 60, y0], [x0 + 60, y0 + 60], [x0, y0 + 60]];
      await page.selectOption('#edit-op', 'add_building');
      await page.getByLabel('Height', { exact: true }).fill(String(BLOCK_HEIGHT));
      await page.getByRole('button', { name: 'Draw on the map', exact: true }).click();
      for (const corner of [...corners, corners[0]]) {
        const [px, py] = await mapToPixel(page, grid, corner);
        await page.locator('#map').click({ position: { x: px, y: py } });
        await page.waitForTimeout(150);  // a click and the next are not a double-click
      }
      await page.locator('#edits li').first().waitFor();
      assert.equal(await page.locator('#edits li').count(), 1);
      await page.selectOption('#reference', state.scenarioId);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForFunction((first) => {
        const status = document.getElementById('job-status');
        return status.dataset.status === 'successful' && status.dataset.job !== first;
      }, state.job, { timeout: 240_000 });
      const request = executions.at(-1).inputs;
      assert.equal(request.reference, state.scenarioId);
      assert.equal(request.edits.length, 1);
      assert.equal(request.edits[0].op, 'add_building');
      assert.equal(request.edits[0].height, BLOCK_HEIGHT);
      state.polygon = request.edits[0].polygon;
      // Each corner the page sent is within a pixel (< 2 m) of the one clicked.
      request.edits[0].polygon.forEach(([x, y], i) =>
        assert.ok(Math.hypot(x - corners[i][0], y - corners[i][1]) < 2, `corner ${i}: sent (${x}, ${y})`));
      state.job2 = await page.locator('#job-status').getAttribute('data-job');
      const results = await getJson(`${server.url}/jobs/${state.job2}/results`);
      state.diff = Object.keys(results).find((k) => k === `${state.layer}_diff`);
      assert.ok(state.diff, `no ${state.layer}_diff among ${Object.keys(results)}`);
      assert.ok(await page.locator(`#layers li[data-key="result:${state.diff}"] input[type="checkbox"]`).isChecked());
      assert.ok(await waitForPixels(page, (n) => n > 2000), 'the difference layer is not drawn');
      await shot('4-difference');
    });

    await step('the difference is non-zero only within reach of the block', async (s) => {
      const grid = state.scenario.grid;
      const [minX, maxX] = [Math.min(...state.polygon.map((p) => p[0])), Math.max(...state.polygon.map((p) => p[0]))];
      const [minY, maxY] = [Math.min(...state.polygon.map((p) => p[1])), Math.max(...state.polygon.map((p) => p[1]))];
      const distance = (x, y) => Math.hypot(Math.max(minX - x, 0, x - maxX), Math.max(minY - y, 0, y - maxY));
      const cells = [];
      for (let row = 0; row < grid.ny; row++)
        for (let col = 0; col < grid.nx; col++)
          cells.push([grid.x0 + (col + 0.5) * grid.cell, grid.y0 - (row + 0.5) * grid.cell]);
      const values = [];
      for (let i = 0; i < cells.length; i += 25) {  // 25 requests at a time: loopback, bounded
        values.push(...(await Promise.all(cells.slice(i, i + 25).map(([x, y]) =>
          getJson(`${server.url}/jobs/${state.job2}/results/${state.diff}/value?x=${x}&y=${y}`).then((r) => r.value)))));
      }
      let changed = 0;
      let farthest = 0;
      values.forEach((v, i) => {
        const d = distance(...cells[i]);
        if (v === null) {
          assert.ok(d < REACH_M, `nodata in the difference ${d.toFixed(0)} m from the block`);
        } else if (v !== 0) {
          changed += 1;
          farthest = Math.max(farthest, d);
        }
      });
      s.diagnostic(`${changed} cells changed, the farthest ${farthest.toFixed(1)} m from the block (bound ${REACH_M.toFixed(1)} m)`);
      assert.ok(changed > 0, 'the building block changed nothing');
      assert.ok(farthest <= REACH_M, `a cell ${farthest.toFixed(1)} m from the block changed (bound ${REACH_M.toFixed(1)} m)`);
    });

    await step('a road picked on the map and a source chosen by keyboard get absolute values, sent by id', async () => {
      const grid = state.scenario.grid;
      await page.getByRole('button', { name: 'Remove all', exact: true }).click();
      await page.selectOption('#reference', '');
      await page.locator('#layers li[data-key="base:roads"] input[type="checkbox"]').check();
      // A road's longest segment, clicked at its middle.
      const roads = await getJson(`${server.url}/scenarios/${state.scenarioId}/tables/roads?f=geojson`);
      let best = null;
      for (const feature of roads.features) {
        const line = feature.geometry.type === 'LineString' ? feature.geometry.coordinates : feature.geometry.coordinates[0];
        for (let i = 1; i < line.length; i++) {
          const length = Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
          if (!best || length > best.length) {
            best = { id: feature.properties.id, length, at: [(line[i][0] + line[i - 1][0]) / 2, (line[i][1] + line[i - 1][1]) / 2] };
          }
        }
      }
      assert.ok(best, 'the demo has no roads');
      // Drawing no longer zooms (a finishing double-click used to): the map still shows the
      // whole grid.
      assert.ok(await waitForFit(page, grid), 'drawing the block moved the map');
      const fitted = Number(await page.locator('#map').getAttribute('data-resolution'));
      await page.selectOption('#fe-kind', 'set_traffic');
      await page.getByRole('button', { name: 'Pick a road on the map', exact: true }).click();
      assert.equal(await page.locator('#fe-pick').getAttribute('aria-pressed'), 'true');
      // The fit button brings the whole grid back after any zoom. The road is clicked at once
      // after it: a click on a map control once started OpenLayers' double-click timer, so a map
      // click within 250 ms of it zoomed in instead of picking.
      await page.locator('#map .ol-zoom-in').click();
      await page.waitForFunction((r) => Number(document.getElementById('map').dataset.resolution) < 0.9 * r, fitted);
      await page.getByRole('button', { name: 'Show the whole scenario', exact: true }).click();
      assert.ok(await waitForFit(page, grid), 'the fit button did not show the whole grid');
      const [px, py] = await mapToPixel(page, grid, best.at);
      await page.locator('#map').click({ position: { x: px, y: py } });
      // OpenLayers reports a single click after its double-click delay.
      await page.waitForFunction(() => document.getElementById('fe-pick').getAttribute('aria-pressed') === 'false',
        null, { timeout: 5000 }).catch(async () => {
        throw new Error(`the road was never picked: "${await page.locator('#fe-status').textContent()}"`);
      });
      assert.equal(Number(await page.locator('#map').getAttribute('data-resolution')), fitted, 'the pick zoomed the map');
      assert.equal(await page.locator('#fe-target').inputValue(), String(best.id), 'another road was picked');
      await page.selectOption('#fe-category', 'cat1');
      await page.selectOption('#fe-period', 'night');
      await page.getByLabel('Vehicles per hour', { exact: true }).fill('1234');
      await page.getByRole('button', { name: 'Add this change', exact: true }).click();
      // The same road's heavy-vehicle speed, all periods.
      await page.selectOption('#fe-kind', 'set_speed');
      assert.equal(await page.locator('#fe-target').inputValue(), String(best.id), 'the picked road was forgotten');
      await page.selectOption('#fe-category', 'cat3');
      await page.selectOption('#fe-period', '');
      await page.getByLabel('Speed', { exact: true }).fill('30');
      await page.getByRole('button', { name: 'Add this change', exact: true }).click();
      // A nitrogen source (farm or stack), chosen from the list with the keyboard; its NOx set,
      // its NH3 left as it is.
      await page.locator('#fe-kind').focus();
      await page.keyboard.press('End');  // the last kind: a farm's emissions
      assert.equal(await page.locator('#fe-kind').inputValue(), 'set_emission');
      await page.locator('#fe-target').focus();
      await page.keyboard.press('Home');
      const farm = Number(await page.locator('#fe-target').inputValue());
      await page.getByLabel('NH3 emission').fill('');
      await page.getByLabel('NOx emission').fill('125000');
      await page.locator('#fe-add').focus();
      await page.keyboard.press('Enter');
      await page.locator('#edits li').nth(2).waitFor();
      const listed = await page.locator('#edits li').allTextContents();
      assert.match(listed[0], new RegExp(`road ${best.id}: 1,234 light vehicles/h \\(night\\)`));
      assert.match(listed[1], new RegExp(`road ${best.id}: 30 km/h for heavy \\(day, evening and night\\)`));
      assert.match(listed[2], new RegExp(`source ${farm}: NOx 125,000 kg/yr`));
      assert.ok(!listed[2].includes('NH3'), `NH3 was left blank: ${listed[2]}`);
      // Undo takes the last one back; added again, all three are sent with the run.
      await page.getByRole('button', { name: 'Undo last', exact: true }).click();
      assert.equal(await page.locator('#edits li').count(), 2);
      await page.getByRole('button', { name: 'Add this change', exact: true }).click();
      assert.equal(await page.locator('#edits li').count(), 3);
      await shot('8-road-and-farm');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForFunction((previous) => {
        const status = document.getElementById('job-status');
        return status.dataset.status === 'successful' && status.dataset.job !== previous;
      }, state.job2, { timeout: 240_000 });
      const sent = executions.at(-1).inputs.edits.map(({ label, ...edit }) => edit);
      assert.deepEqual(sent, [
        { op: 'set_traffic', roads: [best.id], vehicles_per_hour: 1234, categories: ['cat1'], periods: ['night'] },
        { op: 'set_speed', roads: [best.id], speed_kmh: 30, categories: ['cat3'] },
        { op: 'set_emission', sources: [farm], nox_kg_yr: 125000 },
      ]);
      state.job3 = await page.locator('#job-status').getAttribute('data-job');
      // Esc leaves picking mode without picking.
      await page.getByRole('button', { name: 'Pick a source on the map', exact: true }).click();
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('#fe-pick').getAttribute('aria-pressed'), 'false');
      assert.equal(await page.locator('#fe-status').textContent(), '', 'the prompt to click stayed');
      await page.getByRole('button', { name: 'Remove all', exact: true }).click();
    });

    await step('keyboard and screen readers: labelled controls, Enter on the map reads its centre', async () => {
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button')]
          .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
          .map((el) => el.outerHTML.slice(0, 80)));
      assert.deepEqual(unlabelled, []);
      const grid = state.scenario.grid;
      await page.locator('#map').focus();
      await page.keyboard.press('Enter');
      const [cx, cy] = [grid.x0 + (grid.nx * grid.cell) / 2, grid.y0 - (grid.ny * grid.cell) / 2];
      await page.waitForFunction(([x, y]) => {
        // Any entry: an earlier map click may have added one of its own.
        return [...document.querySelectorAll('#point-values p.point')].some((p) =>
          p.textContent.includes('cell column') && Math.abs(p.dataset.x - x) < 2 && Math.abs(p.dataset.y - y) < 2);
      }, [cx, cy], { timeout: 10_000 });
    });

    await step('fits 1280 × 800 and an upright tablet without sideways scrolling', async () => {
      for (const [width, height, name] of [[1280, 800, '5-desktop'], [820, 1180, '6-tablet']]) {
        await page.setViewportSize({ width, height });
        const layout = await page.evaluate(() => {
          const map = document.getElementById('map').getBoundingClientRect();
          return { scroll: document.documentElement.scrollWidth, width: innerWidth, map: [map.width, map.height] };
        });
        assert.ok(layout.scroll <= layout.width, `${width}×${height}: the page is ${layout.scroll} px wide`);
        assert.ok(layout.map[0] >= 500 && layout.map[1] >= 400, `${width}×${height}: the map is ${layout.map}`);
        await shot(name);
      }
    });

    await step("a bad edit is refused with the API's problem, shown to the user", async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.selectOption('#edit-op', 'add_building');
      await page.selectOption('#reference', '');
      // Longitude/latitude typed into an RD New scenario: the API names the edit and why.
      await page.locator('summary', { hasText: 'or type the corners' }).click();
      await page.getByLabel(/Corners "x y"/).fill('5.1 52.1, 5.2 52.1, 5.2 52.2');
      await page.getByRole('button', { name: 'Add polygon', exact: true }).click();
      const errorsBefore = pageErrors.length;
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = await alert.textContent();
      assert.match(text, /HTTP 400/);
      assert.match(text, /edits\[0\] \(add_building\)/);
      assert.equal(await page.locator('#job-status').getAttribute('data-job'), state.job3, 'a job was queued');
      await shot('7-problem');
      // The browser logs the refused request itself; that one is expected.
      const logged = pageErrors.splice(errorsBefore);
      assert.ok(logged.every((e) => e.includes('status of 400')), logged.join('\n'));
      await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
      await alert.waitFor({ state: 'hidden' });
    });

    await step('the page raised no errors', () => {
      assert.deepEqual(pageErrors, []);
    });
  } finally {
    await browser.close();
    await server.stop();
  }
});
