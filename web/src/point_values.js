// A click on the map (or Enter on it) asks the API for the values in the cell under the point:
// the visible result layers (GET /jobs/{id}/results/{layer}/value?x=&y=) and every input layer
// of the scenario (GET /scenarios/{id}/layers/{layer}/value?x=&y=). Values are never read
// back from the colours.
import { toLonLat } from './crs.js';

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

function valueList(layers, answers) {
  const list = document.createElement('dl');
  answers.forEach((answer, i) => {
    const dt = document.createElement('dt');
    dt.textContent = layers[i].title;
    const dd = document.createElement('dd');
    dd.dataset.layer = layers[i].layer;
    if (layers[i].jobId) dd.dataset.job = layers[i].jobId;
    if (layers[i].scenarioId) dd.dataset.scenario = layers[i].scenarioId;
    dd.dataset.value = answer.value === null ? 'null' : String(answer.value);
    dd.textContent = answer.value === null ? 'no data' : `${number.format(answer.value)} ${answer.units === '1' ? '' : answer.units}`;
    list.append(dt, dd);
  });
  return list;
}

function heading(text) {
  const h = document.createElement('h3');
  h.textContent = text;
  return h;
}

export class PointValues {
  // container: where the lists go; results(): the result layers to ask ({jobId, layer, title});
  // inputs(): the scenario's layers ({scenarioId, layer, title}).
  constructor(api, container, results, inputs, onError) {
    this.api = api;
    this.container = container;
    this.results = results;
    this.inputs = inputs;
    this.onError = onError;
    this.generation = 0;
  }

  async pick([x, y], epsg) {
    const generation = ++this.generation;
    const results = this.results();
    const inputs = this.inputs();
    const point = document.createElement('p');
    point.className = 'point';
    point.dataset.x = String(x);
    point.dataset.y = String(y);
    const [lon, lat] = toLonLat(epsg, [x, y]);
    point.textContent = `x ${x.toFixed(1)}, y ${y.toFixed(1)} (EPSG:${epsg}; ${lat.toFixed(5)}° N, ${lon.toFixed(5)}° E)`;
    this.container.replaceChildren(point);
    try {
      const ask = (l) => (l.jobId ? this.api.pointValue(l.jobId, l.layer, x, y)
        : this.api.scenarioPointValue(l.scenarioId, l.layer, x, y));
      const [resultAnswers, inputAnswers] = await Promise.all([Promise.all(results.map(ask)), Promise.all(inputs.map(ask))]);
      if (generation !== this.generation) return;  // a newer click already answers
      const first = resultAnswers[0] || inputAnswers[0];
      if (first) point.textContent += `: cell column ${first.col}, row ${first.row}`;
      const parts = [];
      if (results.length) parts.push(heading('Results'), valueList(results, resultAnswers));
      else {
        const none = document.createElement('p');
        none.className = 'small';
        none.textContent = 'Run a process (or show a result layer) to see its values here.';
        parts.push(none);
      }
      if (inputs.length) parts.push(heading('Scenario'), valueList(inputs, inputAnswers));
      this.container.append(...parts);
    } catch (error) {
      if (generation === this.generation) this.onError(error);
    }
  }
}
