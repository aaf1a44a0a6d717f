// The planners' figures: the solver's statistics from the results document (dwellings and
// area per noise band, PET class, deposition above the critical load, ...) and, for one
// layer, its distribution (GET .../{layer}?f=json). Shown as nested tables, whatever keys a
// solver reports, so a new solver needs no viewer change.
const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function cell(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return number.format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

// An array of objects with the same keys -> a table; an object -> a key/value table.
function render(value, caption) {
  if (Array.isArray(value) && value.length && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
    const keys = [...new Set(value.flatMap((v) => Object.keys(v)))];
    const table = document.createElement('table');
    if (caption) table.createCaption().textContent = caption;
    const head = table.createTHead().insertRow();
    for (const key of keys) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = key.replaceAll('_', ' ');
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of value) {
      const tr = body.insertRow();
      for (const key of keys) tr.insertCell().textContent = cell(row[key]);
    }
    return table;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const table = document.createElement('table');
    if (caption) table.createCaption().textContent = caption;
    const body = table.createTBody();
    for (const [key, v] of Object.entries(value)) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = key.replaceAll('_', ' ');
      tr.append(th);
      const td = tr.insertCell();
      if (v && typeof v === 'object') td.append(render(v));
      else td.textContent = cell(v);
    }
    return table;
  }
  const span = document.createElement('span');
  span.textContent = Array.isArray(value) ? value.map(cell).join(', ') : cell(value);
  return span;
}

export class StatisticsPanel {
  constructor(container) {
    this.container = container;
  }

  clear() { this.container.replaceChildren(); }

  showSolver(statistics, title) {
    this.container.replaceChildren(render(statistics, title));
  }

  addLayer(statistics, title) {
    this.container.append(render(statistics, title));
  }
}
