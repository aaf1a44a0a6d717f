// Edits of one road or one farm by its id, to absolute values: a road's traffic (vehicles per
// hour) or speed for a vehicle category and period, a farm's NH3 and NOx emission. The road or
// farm is picked on the map (a click on its line or dot) or chosen from a list (keyboard). The
// edits are the API's set_traffic, set_speed and set_emission with `roads` / `sources` ids
// (docs/api.md "Edits"); they join the same numbered, undoable list as the drawn edits.
import Feature from 'ol/Feature.js';

const CATEGORIES = ['cat1', 'cat2', 'cat3', 'cat4a', 'cat4b'];
const CATEGORY_TITLES = { cat1: 'light vehicles', cat2: 'medium heavy', cat3: 'heavy', cat4a: 'mopeds', cat4b: 'motorcycles' };
const PERIODS = ['day', 'evening', 'night'];

// kind -> what it edits and how.
export const FEATURE_EDITS = {
  set_traffic: { title: "Set a road's traffic", table: 'roads', ids: 'roads', noun: 'road' },
  set_speed: { title: "Set a road's speed", table: 'roads', ids: 'roads', noun: 'road' },
  set_emission: { title: "Set a farm's or stack's emissions", table: 'nitrogen_sources', ids: 'sources', noun: 'source' },
};

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

// The road categories that have flow and speed columns for every period in this table.
export function roadCategories(properties) {
  return CATEGORIES.filter((c) => PERIODS.every((p) => `q_${c}_${p}` in properties && `v_${c}_${p}` in properties));
}

// The edit for the API from the form's values; an Error saying what is wrong.
export function featureEdit(kind, id, { category, period, value, nh3, nox }) {
  const spec = FEATURE_EDITS[kind];
  const edit = { op: kind, [spec.ids]: [id] };
  const finite = (v) => v !== '' && v !== null && v !== undefined && Number.isFinite(Number(v));
  if (kind === 'set_emission') {
    if (!finite(nh3) && !finite(nox)) throw new Error('give an NH3 or a NOx emission (kg per year), or both');
    for (const [name, v] of [['nh3_kg_yr', nh3], ['nox_kg_yr', nox]]) {
      if (v === '' || v === undefined) continue;
      if (!finite(v) || Number(v) < 0) throw new Error(`${name} must be a number of at least 0`);
      edit[name] = Number(v);
    }
    return edit;
  }
  if (!finite(value)) throw new Error(kind === 'set_speed' ? 'give a speed in km/h' : 'give a number of vehicles per hour');
  const v = Number(value);
  if (kind === 'set_speed' && (v <= 0 || v > 200)) throw new Error('the speed must be more than 0 and at most 200 km/h');
  if (kind === 'set_traffic' && v < 0) throw new Error('the traffic must be at least 0 vehicles per hour');
  edit[kind === 'set_speed' ? 'speed_kmh' : 'vehicles_per_hour'] = v;
  if (category) edit.categories = [category];
  if (period) edit.periods = [period];
  return edit;
}

function describe(edit, name) {
  const what = edit.categories ? CATEGORY_TITLES[edit.categories[0]] : 'all vehicles';
  const when = edit.periods ? edit.periods[0] : 'day, evening and night';
  if (edit.op === 'set_traffic') return `${name}: ${number.format(edit.vehicles_per_hour)} ${what}/h (${when})`;
  if (edit.op === 'set_speed') return `${name}: ${number.format(edit.speed_kmh)} km/h for ${what} (${when})`;
  const parts = [];
  if ('nh3_kg_yr' in edit) parts.push(`NH3 ${number.format(edit.nh3_kg_yr)} kg/yr`);
  if ('nox_kg_yr' in edit) parts.push(`NOx ${number.format(edit.nox_kg_yr)} kg/yr`);
  return `${name}: ${parts.join(', ')}`;
}

export class FeatureEditsPanel {
  // elements: {kind, target, pick, current, valueRow, category, period, value, valueLabel, unit,
  // emissionRows, nh3, nox, add, status}; editsPanel: the shared edit list.
  constructor(mapView, editsPanel, elements) {
    this.mapView = mapView;
    this.editsPanel = editsPanel;
    this.el = elements;
    this.tables = {};  // table name -> {features: Map id -> ol Feature, key}
    this.picking = false;
    for (const [kind, spec] of Object.entries(FEATURE_EDITS)) this.el.kind.append(option(kind, spec.title));
    this.el.kind.addEventListener('change', () => this.showKind());
    this.el.target.addEventListener('change', () => this.showCurrent());
    this.el.category.addEventListener('change', () => this.showCurrent());
    this.el.period.addEventListener('change', () => this.showCurrent());
    this.el.pick.addEventListener('click', () => this.setPicking(!this.picking));
    this.el.add.addEventListener('click', () => this.add());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.picking) this.setPicking(false);
    });
    this.showKind();
  }

  // A scenario's feature table (the layer the map draws from its GeoJSON), or none.
  setTable(name, layerKey) {
    const layer = layerKey && this.mapView.imageLayers.get(layerKey);
    const features = new Map();
    if (layer) for (const f of layer.getSource().getFeatures()) features.set(Number(f.get('id')), f);
    this.tables[name] = { features, key: layerKey };
    this.showKind();
  }

  clearTables() {
    this.tables = {};
    this.setPicking(false);
    this.showKind();
  }

  spec() { return FEATURE_EDITS[this.el.kind.value]; }
  table() { return this.tables[this.spec().table] || { features: new Map() }; }

  showKind() {
    const spec = this.spec();
    const kind = this.el.kind.value;
    const { features } = this.table();
    const previous = this.el.target.value;
    const items = [...features.entries()].sort((a, b) => a[0] - b[0]).map(([id, f]) => {
      const name = f.get('name') || f.get('label');
      return option(String(id), `${spec.noun} ${id}${name ? ` — ${name}` : ''}`);
    });
    this.el.target.replaceChildren(...(items.length ? items : [option('', `(this scenario has no ${spec.table})`)]));
    if ([...this.el.target.options].some((o) => o.value === previous)) this.el.target.value = previous;
    const emission = kind === 'set_emission';
    this.el.valueRow.hidden = emission;
    this.el.emissionRows.hidden = !emission;
    this.el.valueLabel.textContent = kind === 'set_speed' ? 'Speed' : 'Vehicles per hour';
    this.el.unit.textContent = kind === 'set_speed' ? 'km/h' : 'per hour';
    this.el.value.min = kind === 'set_speed' ? '1' : '0';
    this.el.value.max = kind === 'set_speed' ? '200' : '';
    this.el.pick.textContent = `Pick a ${spec.noun} on the map`;
    this.el.pick.disabled = this.el.add.disabled = !items.length;
    // The categories this table has, plus "all" (the API's default).
    const first = features.values().next().value;
    const categories = first ? roadCategories(first.getProperties()) : [];
    this.el.category.replaceChildren(option('', 'all categories'),
      ...categories.map((c) => option(c, `${c} (${CATEGORY_TITLES[c]})`)));
    if (categories.includes('cat1')) this.el.category.value = 'cat1';
    this.el.period.replaceChildren(option('', 'day, evening and night'), ...PERIODS.map((p) => option(p, p)));
    this.showCurrent();
  }

  selected() {
    const id = Number(this.el.target.value);
    return { id, feature: this.table().features.get(id) };
  }

  // The chosen road's or farm's present values, so the new one is chosen knowingly; the value
  // field starts from it.
  showCurrent() {
    const { id, feature } = this.selected();
    if (!feature) {
      this.el.current.textContent = '';
      return;
    }
    const p = feature.getProperties();
    const kind = this.el.kind.value;
    if (kind === 'set_emission') {
      this.el.current.textContent = `Now: NH3 ${number.format(p.nh3_kg_yr ?? 0)} kg/yr, NOx ${number.format(p.nox_kg_yr ?? 0)} kg/yr.`;
      this.el.nh3.value = p.nh3_kg_yr ?? '';
      this.el.nox.value = p.nox_kg_yr ?? '';
      return;
    }
    const category = this.el.category.value || 'cat1';
    const period = this.el.period.value || 'day';
    const column = `${kind === 'set_speed' ? 'v' : 'q'}_${category}_${period}`;
    const now = p[column];
    this.el.current.textContent = now === undefined || now === null
      ? `Road ${id} has no ${column} column.`
      : `Now (${category}, ${period}): ${number.format(now)} ${kind === 'set_speed' ? 'km/h' : 'vehicles/h'}.`;
    if (now !== undefined && now !== null) this.el.value.value = String(Math.round(now * 10) / 10);
  }

  setPicking(on) {
    const was = this.picking;
    this.picking = on && this.table().features.size > 0;
    this.el.pick.setAttribute('aria-pressed', String(this.picking));
    if (this.picking) this.setStatus(`Click a ${this.spec().noun} on the map. Esc cancels.`);
    else if (was) this.setStatus('');  // the prompt no longer holds; a pick says what it chose
  }

  // A map click while picking: the nearest feature of the table within a few pixels.
  pickAt(pixel) {
    const { key } = this.table();
    const feature = this.mapView.featureAt(pixel, key);
    if (!feature) {
      this.setStatus(`No ${this.spec().noun} there: click on its ${this.spec().noun === 'road' ? 'line' : 'dot'}.`);
      return;
    }
    this.el.target.value = String(feature.get('id'));
    this.showCurrent();
    this.setPicking(false);
    this.setStatus(`Picked ${this.spec().noun} ${feature.get('id')}.`);
    this.el.target.focus();
  }

  add() {
    const { id, feature } = this.selected();
    try {
      if (!feature) throw new Error(`choose a ${this.spec().noun} first`);
      const kind = this.el.kind.value;
      const edit = featureEdit(kind, id, {
        category: this.el.category.value, period: this.el.period.value, value: this.el.value.value,
        nh3: this.el.nh3.value, nox: this.el.nox.value,
      });
      const marker = new Feature(feature.getGeometry().clone());
      this.editsPanel.addEdit(edit, describe(edit, `${this.spec().noun} ${id}`), marker);
    } catch (error) {
      this.setStatus(error.message);
    }
  }

  setStatus(text) { this.el.status.textContent = text; }
}
