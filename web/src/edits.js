// What-if edits: polygons drawn on the map (or typed as coordinates) with what to do inside
// them. Each op's fields follow docs/api.md "Edits"; the list can be undone and is sent with
// the execute request. The server validates every edit again and names the bad one.
import Draw from 'ol/interaction/Draw.js';
import Feature from 'ol/Feature.js';
import Polygon from 'ol/geom/Polygon.js';

// op -> the number field it takes (name, label, unit, default, min, max), if any.
export const EDIT_OPS = {
  add_building: { title: 'Add a building block', field: ['height', 'Height', 'm', 15, 0.1, 400] },
  remove_buildings: { title: 'Remove buildings', field: null },
  plant_trees: { title: 'Plant trees', field: ['height', 'Tree height', 'm', 8, 0.1, 100] },
  set_land_use: { title: 'Change land use', field: ['land_use', 'Land-use class (1-9)', '', 1, 1, 9] },
  scale_traffic: { title: 'Scale road traffic', field: ['factor', 'Traffic factor', '×', 0.5, 0, 100] },
  set_speed: { title: 'Set road speed', field: ['speed_kmh', 'Speed', 'km/h', 30, 1, 200] },
  set_emission: { title: "Scale farms' emissions", field: ['factor', 'Emission factor', '×', 0.5, 0, 100] },
};

// "x y, x y, ..." (metres in the scenario's CRS) -> [[x, y], ...]; an Error saying what is wrong.
export function parseRing(text) {
  const points = text
    .split(/[,;\n]/)
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair, i) => {
      const numbers = pair.split(/\s+/).map(Number);
      if (numbers.length !== 2 || !numbers.every(Number.isFinite)) {
        throw new Error(`point ${i + 1} ('${pair}') is not two numbers "x y"`);
      }
      return numbers;
    });
  if (points.length < 3) throw new Error('a polygon needs at least 3 points');
  return points;
}

export class EditsPanel {
  // elements: {op, value, valueLabel, unit, draw, coordinates, addTyped, list, undo, clear, status}
  constructor(mapView, elements, onChange = () => {}) {
    this.mapView = mapView;
    this.el = elements;
    this.onChange = onChange;
    this.edits = [];  // {op, polygon, <field>, label, feature}
    this.draw = null;
    for (const [op, spec] of Object.entries(EDIT_OPS)) {
      const option = document.createElement('option');
      option.value = op;
      option.textContent = spec.title;
      this.el.op.append(option);
    }
    this.el.op.addEventListener('change', () => this.showField());
    this.el.draw.addEventListener('click', () => (this.draw ? this.stopDrawing() : this.startDrawing()));
    this.el.addTyped.addEventListener('click', () => this.addTyped());
    this.el.undo.addEventListener('click', () => this.undo());
    this.el.clear.addEventListener('click', () => this.clear());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.draw) this.stopDrawing();
    });
    this.showField();
    this.render();
  }

  showField() {
    const spec = EDIT_OPS[this.el.op.value];
    this.el.valueRow.hidden = !spec.field;
    if (!spec.field) return;
    const [, label, unit, fallback, min, max] = spec.field;
    this.el.valueLabel.textContent = label;
    this.el.unit.textContent = unit;
    this.el.value.min = min;
    this.el.value.max = max;
    this.el.value.step = 'any';
    this.el.value.value = fallback;
  }

  startDrawing() {
    this.stopDrawing();
    this.draw = new Draw({ source: this.mapView.editSource, type: 'Polygon' });
    this.draw.on('drawend', (event) => {
      const ring = event.feature.getGeometry().getCoordinates()[0];
      try {
        this.add(ring.slice(0, -1), event.feature);
      } catch (error) {
        // The feature is added to the source after drawend: remove it once it is there.
        setTimeout(() => this.mapView.editSource.removeFeature(event.feature));
        this.setStatus(error.message);
      }
      this.stopDrawing();
    });
    this.mapView.map.addInteraction(this.draw);
    this.mapView.setDoubleClickZoom(false);
    this.el.draw.textContent = 'Stop drawing';
    this.el.draw.setAttribute('aria-pressed', 'true');
    this.setStatus('Click the corners on the map; click the first corner or double-click to finish. Esc cancels.');
  }

  stopDrawing() {
    if (!this.draw) return;
    this.mapView.map.removeInteraction(this.draw);
    this.mapView.setDoubleClickZoom(true);
    this.draw = null;
    this.el.draw.textContent = 'Draw on the map';
    this.el.draw.setAttribute('aria-pressed', 'false');
  }

  addTyped() {
    try {
      const ring = parseRing(this.el.coordinates.value);
      const feature = new Feature(new Polygon([[...ring, ring[0]]]));
      this.add(ring, feature);
      this.mapView.editSource.addFeature(feature);
      this.el.coordinates.value = '';
    } catch (error) {
      this.setStatus(error.message);
    }
  }

  // An edit made elsewhere (a road or farm by id), with the feature that marks it on the map.
  addEdit(edit, label, feature) {
    feature.set('label', String(this.edits.length + 1));
    this.mapView.editSource.addFeature(feature);
    this.edits.push({ ...edit, label, feature });
    this.setStatus(`Added edit ${this.edits.length}: ${label}.`);
    this.render();
  }

  // One edit from the selected op and field, for this polygon ring.
  add(ring, feature) {
    const op = this.el.op.value;
    const spec = EDIT_OPS[op];
    const edit = { op, polygon: ring.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]) };
    let label = spec.title;
    if (spec.field) {
      const [name, fieldLabel, unit, , min, max] = spec.field;
      const value = Number(this.el.value.value);
      if (!Number.isFinite(value) || value < min || value > max) {
        throw new Error(`${fieldLabel} must be a number from ${min} to ${max}`);
      }
      edit[name] = name === 'land_use' ? Math.round(value) : value;
      label = `${spec.title}: ${value}${unit ? ` ${unit}` : ''}`;
    }
    edit.label = label;
    feature.set('label', String(this.edits.length + 1));
    this.edits.push({ ...edit, feature });
    this.setStatus(`Added edit ${this.edits.length}: ${label}.`);
    this.render();
  }

  undo() {
    const last = this.edits.pop();
    if (!last) return;
    this.mapView.editSource.removeFeature(last.feature);
    this.setStatus(`Removed edit ${this.edits.length + 1}.`);
    this.render();
  }

  remove(index) {
    const [removed] = this.edits.splice(index, 1);
    this.mapView.editSource.removeFeature(removed.feature);
    this.edits.forEach((edit, i) => edit.feature.set('label', String(i + 1)));
    this.setStatus(`Removed edit ${index + 1}.`);
    this.render();
  }

  clear() {
    this.edits = [];
    this.mapView.editSource.clear();
    this.render();
  }

  // The edits as the API takes them.
  requestEdits() {
    return this.edits.map(({ feature, ...edit }) => edit);
  }

  setStatus(text) { this.el.status.textContent = text; }

  render() {
    this.el.list.replaceChildren(
      ...this.edits.map((edit, i) => {
        const item = document.createElement('li');
        const text = document.createElement('span');
        text.textContent = edit.polygon ? `${edit.label} (${edit.polygon.length} corners)` : edit.label;
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Remove';
        button.setAttribute('aria-label', `Remove edit ${i + 1}`);
        button.addEventListener('click', () => this.remove(i));
        item.append(text, ' ', button);
        return item;
      }),
    );
    this.el.undo.disabled = this.edits.length === 0;
    this.el.clear.disabled = this.edits.length === 0;
    this.el.empty.hidden = this.edits.length > 0;
    this.onChange(this.edits);
  }
}
