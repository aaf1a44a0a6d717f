// The twinsolve HTTP API as plain async functions. Every error answer is an RFC 7807 problem
// body; it becomes an ApiProblem so the page can show its title and detail to people.

export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.type = problem.type || '';
    this.problem = problem;
  }
}

export class ApiClient {
  // base: '' for the server that served the page; token: a function returning the API key.
  constructor(base = '', token = () => '') {
    this.base = base;
    this.token = token;
  }

  headers(extra = {}) {
    const headers = { Accept: 'application/json', ...extra };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }

  async request(method, path, { body, headers, signal } = {}) {
    const init = { method, headers: this.headers(headers), signal };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(this.base + path, init);
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiProblem(0, { title: 'The server cannot be reached', detail: String(error.message || error) });
    }
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    const text = await response.text();
    const json = type.includes('json') && text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiProblem(response.status, json || { detail: text });
    return json;
  }

  // A binary resource (map images, legends) as a Blob, with the API key when there is one:
  // <img src> could not send it.
  async blob(path) {
    const response = await fetch(this.base + path, { headers: this.headers({ Accept: '*/*' }) });
    if (!response.ok) {
      const text = await response.text();
      let problem = { detail: text };
      try {
        problem = JSON.parse(text);
      } catch {
        /* not a problem body: keep the text */
      }
      throw new ApiProblem(response.status, problem);
    }
    return response.blob();
  }

  scenarios() { return this.request('GET', '/scenarios').then((r) => r.scenarios); }
  scenario(id) { return this.request('GET', `/scenarios/${encodeURIComponent(id)}`); }
  createDemo(demo, name) { return this.request('POST', '/scenarios', { body: { demo, name } }); }
  scenarioTable(id, table) {
    return this.request('GET', `/scenarios/${encodeURIComponent(id)}/tables/${encodeURIComponent(table)}?f=geojson`);
  }
  processes() { return this.request('GET', '/processes').then((r) => r.processes); }
  process(id) { return this.request('GET', `/processes/${encodeURIComponent(id)}`); }
  execute(processId, inputs) {
    return this.request('POST', `/processes/${encodeURIComponent(processId)}/execution`, {
      body: { inputs },
      headers: { Prefer: 'respond-async' },
    });
  }
  job(id) { return this.request('GET', `/jobs/${encodeURIComponent(id)}`); }
  dismiss(id) { return this.request('DELETE', `/jobs/${encodeURIComponent(id)}`); }
  results(id) { return this.request('GET', `/jobs/${encodeURIComponent(id)}/results`); }
  layerStatistics(jobId, layer) {
    return this.request('GET', `/jobs/${encodeURIComponent(jobId)}/results/${encodeURIComponent(layer)}?f=json`);
  }
  pointValue(jobId, layer, x, y) {
    const query = `x=${encodeURIComponent(x)}&y=${encodeURIComponent(y)}`;
    return this.request('GET', `/jobs/${encodeURIComponent(jobId)}/results/${encodeURIComponent(layer)}/value?${query}`);
  }
  scenarioPointValue(scenarioId, layer, x, y) {
    const query = `x=${encodeURIComponent(x)}&y=${encodeURIComponent(y)}`;
    return this.request('GET', `/scenarios/${encodeURIComponent(scenarioId)}/layers/${encodeURIComponent(layer)}/value?${query}`);
  }
}

// Paths of images the map draws: the scenario's own layers and a job's result layers.
// style 'hillshade' (terrain layer only): the terrain shading that darkens the layers below.
export const scenarioLayerPng = (scenarioId, layer, style = '') =>
  `/scenarios/${encodeURIComponent(scenarioId)}/layers/${encodeURIComponent(layer)}?f=png${style ? `&style=${style}` : ''}`;
export const scenarioLayerLegend = (scenarioId, layer) =>
  `/scenarios/${encodeURIComponent(scenarioId)}/layers/${encodeURIComponent(layer)}/legend`;
export const resultLayerPng = (jobId, layer) =>
  `/jobs/${encodeURIComponent(jobId)}/results/${encodeURIComponent(layer)}?f=png`;
export const resultLayerLegend = (jobId, layer) =>
  `/jobs/${encodeURIComponent(jobId)}/results/${encodeURIComponent(layer)}/legend`;
