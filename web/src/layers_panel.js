// The layer list: the scenario's own layers (base) and each job's result layers, each with
// on/off, opacity, its legend (the SVG the API makes with the PNG) and, for results, the
// download links in every format the API offers.
let counter = 0;

function legendImage(api, path, title) {
  const img = document.createElement('img');
  img.className = 'legend';
  img.alt = `Legend of ${title}`;
  api.blob(path).then(
    (blob) => (img.src = URL.createObjectURL(blob)),
    () => (img.alt = `No legend for ${title}`),
  );
  return img;
}

// A download that carries the API key when there is one (a plain link could not send it).
function downloadLink(api, href, text, fileName) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.download = fileName;
  a.addEventListener('click', async (event) => {
    if (!api.token()) return;
    event.preventDefault();
    const url = URL.createObjectURL(await api.blob(href));
    const temporary = Object.assign(document.createElement('a'), { href: url, download: fileName });
    temporary.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  return a;
}

export class LayersPanel {
  // list: the <ul>; mapView: where layers are drawn; api: for legends and downloads.
  constructor(list, mapView, api) {
    this.list = list;
    this.mapView = mapView;
    this.api = api;
    this.items = new Map();  // key -> <li>
  }

  clear(predicate = () => true) {
    for (const [key, item] of [...this.items]) {
      if (!predicate(key)) continue;
      item.remove();
      this.items.delete(key);
      this.mapView.removeImage(key);
    }
  }

  // Adds (or replaces) a layer: {key, title, units, png, legend, z, visible, opacity, downloads},
  // or a feature table: {key, title, geojson, table, z, visible}.
  add(layer) {
    this.clear((key) => key === layer.key);
    const options = { z: layer.z, opacity: layer.opacity ?? 1, visible: layer.visible ?? true, title: layer.title };
    if (layer.geojson) this.mapView.setFeatures(layer.key, layer.geojson, { ...options, table: layer.table });
    else this.mapView.setImage(layer.key, layer.png, options);
    const id = `layer-${++counter}`;
    const item = document.createElement('li');
    item.className = 'layer';
    item.dataset.key = layer.key;

    const toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.id = `${id}-on`;
    toggle.checked = layer.visible ?? true;
    toggle.addEventListener('change', () => this.mapView.setVisible(layer.key, toggle.checked));
    const name = document.createElement('label');
    name.htmlFor = toggle.id;
    name.textContent = layer.title + (layer.units && layer.units !== '1' ? ` (${layer.units})` : '');

    const opacityLabel = document.createElement('label');
    opacityLabel.htmlFor = `${id}-opacity`;
    opacityLabel.textContent = 'Opacity';
    opacityLabel.className = 'small';
    const opacity = document.createElement('input');
    opacity.type = 'range';
    opacity.id = `${id}-opacity`;
    opacity.min = '0';
    opacity.max = '100';
    opacity.step = '5';
    opacity.value = String(Math.round((layer.opacity ?? 1) * 100));
    opacity.setAttribute('aria-label', `Opacity of ${layer.title}`);
    opacity.addEventListener('input', () => this.mapView.setOpacity(layer.key, Number(opacity.value) / 100));

    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Legend' + (layer.downloads ? ' and downloads' : '');
    details.append(summary);
    details.addEventListener('toggle', () => {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = 'yes';
      details.append(legendImage(this.api, layer.legend, layer.title));
      if (layer.downloads) {
        const links = document.createElement('p');
        links.className = 'downloads';
        for (const [format, href] of layer.downloads) {
          links.append(downloadLink(this.api, href, format.toUpperCase(), `${layer.key.replace(/[^\w.-]/g, '_')}.${format}`), ' ');
        }
        details.append(links);
      }
    });

    const head = document.createElement('div');
    head.className = 'layer-head';
    head.append(toggle, name);
    const controls = document.createElement('div');
    controls.className = 'layer-opacity';
    controls.append(opacityLabel, opacity);
    item.append(head, controls);
    if (layer.legend) item.append(details);
    this.list.append(item);
    this.items.set(layer.key, item);
  }
}
