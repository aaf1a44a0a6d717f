// Wires the panels together: scenario -> process and parameters -> edits -> run -> layers,
// values and statistics. Each panel lives in its own module; this file only connects them.
import 'ol/ol.css';
import './style.css';
import { ApiClient, resultLayerLegend, resultLayerPng, scenarioLayerLegend, scenarioLayerPng } from './api.js';
import { MapView } from './map_view.js';
import { EditsPanel } from './edits.js';
import { FeatureEditsPanel } from './feature_edits.js';
import { ProcessForm } from './process_form.js';
import { JobRunner } from './job_runner.js';
import { LayersPanel } from './layers_panel.js';
import { StatisticsPanel } from './statistics_panel.js';
import { PointValues } from './point_values.js';
import { ProblemView } from './problem_view.js';

const $ = (id) => document.getElementById(id);

// The scenario's own layers drawn under the results, bottom to top; shown when present. The
// terrain shading (the API's hillshade of the dtm) darkens the land use by its slopes.
const BASE_LAYERS = [
  { name: 'land_use', title: 'Land use', visible: true },
  { name: 'dtm', style: 'hillshade', key: 'base:hillshade', title: 'Terrain shading', visible: true, opacity: 0.7 },
  { name: 'dtm', title: 'Terrain height', visible: false },
  { name: 'vegetation_height', title: 'Trees', visible: true },
  { name: 'building_height', title: 'Buildings', visible: true },
];

// Feature tables drawn over them (GeoJSON from the API).
const BASE_TABLES = [
  { name: 'roads', title: 'Roads' },
  { name: 'nitrogen_sources', title: 'Farms and other nitrogen sources' },
];

const api = new ApiClient('', () => sessionStorage.getItem('twinsolve-token') || '');
const problems = new ProblemView($('problem'));
const mapView = new MapView($('map'), (path) => api.blob(path));
mapView.onImageError = (title, error) => problems.show(error);
const layers = new LayersPanel($('layers'), mapView, api);
const form = new ProcessForm($('parameters'));
const statistics = new StatisticsPanel($('statistics'));
const runner = new JobRunner(api, { progress: $('progress'), status: $('job-status'), cancel: $('cancel') });
const edits = new EditsPanel(mapView, {
  op: $('edit-op'), value: $('edit-value'), valueLabel: $('edit-value-label'), valueRow: $('edit-value-row'),
  unit: $('edit-unit'), draw: $('edit-draw'), coordinates: $('edit-coordinates'), addTyped: $('edit-add'),
  list: $('edits'), empty: $('edits-empty'), undo: $('edit-undo'), clear: $('edit-clear'), status: $('edit-status'),
});

const featureEdits = new FeatureEditsPanel(mapView, edits, {
  kind: $('fe-kind'), target: $('fe-target'), pick: $('fe-pick'), current: $('fe-current'),
  valueRow: $('fe-value-row'), category: $('fe-category'), period: $('fe-period'), value: $('fe-value'),
  valueLabel: $('fe-value-label'), unit: $('fe-unit'), emissionRows: $('fe-emission-rows'), nh3: $('fe-nh3'),
  nox: $('fe-nox'), add: $('fe-add'), status: $('fe-status'),
});

const state = { scenario: null, process: null, job: null, resultLayers: [], history: [] };

// Titles of the scenario's layers in the values list; other layers are named as they are.
const INPUT_TITLES = { land_use: 'Land use class', dtm: 'Terrain height', building_height: 'Building height',
  vegetation_height: 'Tree height', ground_factor: 'Ground factor', dwellings: 'Dwellings' };

const points = new PointValues(api, $('point-values'),
  () => state.resultLayers.filter((l) => mapView.imageLayers.get(l.key)?.getVisible()),
  () => (state.scenario ? state.scenario.layers.map((layer) =>
    ({ scenarioId: state.scenario.id, layer, title: INPUT_TITLES[layer] || layer })) : []),
  (error) => problems.show(error));
mapView.onPick((coordinate, pixel) => {
  if (!state.scenario) return;
  // While picking a road or farm, a click chooses it rather than reading values.
  if (featureEdits.picking && pixel) featureEdits.pickAt(pixel);
  else points.pick(coordinate, state.scenario.grid.epsg);
});

// Runs an action, showing its problem (if any) instead of failing silently.
async function guarded(action) {
  problems.clear();
  try {
    return await action();
  } catch (error) {
    problems.show(error);
    return undefined;
  }
}

async function loadScenarios(selectId) {
  const list = await api.scenarios();
  const select = $('scenario');
  select.replaceChildren(
    ...(list.length ? [] : [new Option('(none yet: generate a demo)', '')]),
    ...list.map((s) => new Option(`${s.name || s.id} — ${s.grid.nx}×${s.grid.ny} cells of ${s.grid.cell} m`, s.id)),
  );
  const id = selectId || (list.length ? list[list.length - 1].id : '');
  if (id) {
    select.value = id;
    await showScenario(id);
  }
}

async function showScenario(id) {
  const scenario = await api.scenario(id);
  state.scenario = scenario;
  state.job = null;
  state.resultLayers = [];
  state.history = [];
  edits.clear();
  featureEdits.clearTables();
  layers.clear();
  statistics.clear();
  mapView.showGrid(scenario.grid);
  const { nx, ny, cell, epsg } = scenario.grid;
  $('scenario-info').textContent = `${(nx * cell) / 1000} × ${(ny * cell) / 1000} km, ${cell} m cells, EPSG:${epsg}; ` +
    `layers: ${scenario.layers.join(', ')}; tables: ${scenario.tables.map((t) => `${t.name} (${t.rows})`).join(', ') || 'none'}`;
  BASE_LAYERS.filter((b) => scenario.layers.includes(b.name)).forEach((b, z) =>
    layers.add({ key: b.key || `base:${b.name}`, title: b.title, png: scenarioLayerPng(id, b.name, b.style),
      legend: b.style ? null : scenarioLayerLegend(id, b.name), z, visible: b.visible, opacity: b.opacity }));
  const tables = scenario.tables.map((t) => t.name);
  for (const [i, t] of BASE_TABLES.filter((b) => tables.includes(b.name)).entries()) {
    const geojson = await api.scenarioTable(id, t.name);
    if (state.scenario !== scenario) return;  // another scenario was chosen meanwhile
    layers.add({ key: `base:${t.name}`, title: t.title, geojson, table: t.name, z: 50 + i, visible: true });
    featureEdits.setTable(t.name, `base:${t.name}`);
  }
  updateReferences();
}

async function showProcess(id) {
  state.process = await api.process(id);
  form.show(state.process);
  updateReferences();
}

// "Compare with": nothing, the scenario without the edits, or an earlier run of this
// process in this session (its job id: the API then reuses that job's result).
function updateReferences() {
  const select = $('reference');
  const previous = select.value;
  const options = [new Option('nothing', '')];
  if (state.scenario) options.push(new Option('the scenario without the edits', state.scenario.id));
  for (const run of state.history.filter((h) => h.process === state.process?.id)) {
    options.push(new Option(`run ${run.jobId.slice(0, 8)}… (${run.edits} edits)`, run.jobId));
  }
  select.replaceChildren(...options);
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

async function run() {
  if (!state.scenario) throw new Error('choose or generate a scenario first');
  if (!state.process) throw new Error('choose a process first');
  const inputs = { ...form.values(), scenario: state.scenario.id };
  const requestEdits = edits.requestEdits();
  if (requestEdits.length) inputs.edits = requestEdits;
  if ($('reference').value) inputs.reference = $('reference').value;
  $('run').disabled = true;
  try {
    const job = await runner.run(state.process.id, inputs);
    await showResults(job.jobID);
    state.history.push({ jobId: job.jobID, process: state.process.id, edits: requestEdits.length });
    updateReferences();
  } finally {
    $('run').disabled = false;
  }
}

async function showResults(jobId) {
  const results = await api.results(jobId);
  state.job = jobId;
  layers.clear((key) => key.startsWith('result:'));
  state.resultLayers = [];
  const names = Object.keys(results).filter((k) => k !== 'statistics');
  // One layer shown at first (the first difference layer when there is one), the rest off.
  const shown = names.find((n) => n.endsWith('_diff')) || names[0];
  names.forEach((name, i) => {
    const entry = results[name];
    const key = `result:${name}`;
    const downloads = Object.entries(entry.formats || {}).map(([format, f]) => [format, f.href]);
    layers.add({ key, title: entry.title ? `${name}: ${entry.title}` : name, units: entry.units,
      png: resultLayerPng(jobId, name), legend: resultLayerLegend(jobId, name), z: 100 + i,
      visible: name === shown, opacity: 0.85, downloads });
    state.resultLayers.push({ key, jobId, layer: name, title: name });
  });
  if (results.statistics?.value) statistics.showSolver(results.statistics.value, `${state.process.id} statistics`);
  else statistics.clear();
  if (shown) statistics.addLayer(await api.layerStatistics(jobId, shown), `${shown} distribution`);
}

$('scenario').addEventListener('change', (e) => e.target.value && guarded(() => showScenario(e.target.value)));
$('process').addEventListener('change', (e) => guarded(() => showProcess(e.target.value)));
$('run').addEventListener('click', () => guarded(run));
$('demo-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded(async () => {
    $('demo-create').disabled = true;
    try {
      const demo = { size_km: Number($('demo-size').value), cell_m: Number($('demo-cell').value),
        seed: Number($('demo-seed').value) };
      const created = await api.createDemo(demo, `demo ${demo.size_km} km at ${demo.cell_m} m`);
      await loadScenarios(created.id);
    } finally {
      $('demo-create').disabled = false;
    }
  });
});
$('token').value = sessionStorage.getItem('twinsolve-token') || '';
$('token-save').addEventListener('click', () => {
  sessionStorage.setItem('twinsolve-token', $('token').value.trim());
  guarded(start);
});

async function start() {
  const processes = await api.processes();
  $('process').replaceChildren(...processes.map((p) => new Option(`${p.title} (${p.id})`, p.id)));
  if (processes.length) await showProcess(processes[0].id);
  await loadScenarios();
}

guarded(start);
