// A click on the map (or Enter on it) asks the API for the values of the visible result
// layers in the cell under the point: GET /jobs/{id}/results/{layer}/value?x=&y=. Values are
// never read back from the colours.
import { toLonLat } from './crs.js';

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

export class PointValues {
  // container: where the list goes; layers(): the result layers to ask ({jobId, layer, title})
  constructor(api, container, layers, onError) {
    this.api = api;
    this.container = container;
    this.layers = layers;
    this.onError = onError;
    this.generation = 0;
  }

  async pick([x, y], epsg) {
    const generation = ++this.generation;
    const layers = this.layers();
    const heading = document.createElement('p');
    heading.className = 'point';
    heading.dataset.x = String(x);
    heading.dataset.y = String(y);
    const [lon, lat] = toLonLat(epsg, [x, y]);
    heading.textContent = `x ${x.toFixed(1)}, y ${y.toFixed(1)} (EPSG:${epsg}; ${lat.toFixed(5)}° N, ${lon.toFixed(5)}° E)`;
    if (!layers.length) {
      const none = document.createElement('p');
      none.textContent = 'Run a process to see values here.';
      this.container.replaceChildren(heading, none);
      return;
    }
    const list = document.createElement('dl');
    this.container.replaceChildren(heading, list);
    try {
      const answers = await Promise.all(layers.map((l) => this.api.pointValue(l.jobId, l.layer, x, y)));
      if (generation !== this.generation) return;  // a newer click already answers
      heading.textContent += `: cell column ${answers[0].col}, row ${answers[0].row}`;
      answers.forEach((answer, i) => {
        const dt = document.createElement('dt');
        dt.textContent = layers[i].title;
        const dd = document.createElement('dd');
        dd.dataset.layer = layers[i].layer;
        dd.dataset.job = layers[i].jobId;
        dd.dataset.value = answer.value === null ? 'null' : String(answer.value);
        dd.textContent = answer.value === null ? 'no data' : `${number.format(answer.value)} ${answer.units === '1' ? '' : answer.units}`;
        list.append(dt, dd);
      });
    } catch (error) {
      if (generation === this.generation) this.onError(error);
    }
  }
}
