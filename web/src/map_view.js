// The map: an OpenLayers map in the scenario's CRS, with image layers the API renders (the
// scenario's own layers below, result layers above) and a vector layer for drawn edits.
// No tile server: every pixel comes from this server.
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import ImageLayer from 'ol/layer/Image.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Static from 'ol/source/ImageStatic.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Control from 'ol/control/Control.js';
import DoubleClickZoom from 'ol/interaction/DoubleClickZoom.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style.js';
import { projectionFor } from './crs.js';

// The grid's outer edges: x0, y0 are the top-left corner (docs/data.md).
export function gridExtent(grid) {
  return [grid.x0, grid.y0 - grid.ny * grid.cell, grid.x0 + grid.nx * grid.cell, grid.y0];
}

// Drawn polygons, and the roads (lines) and farms (points) edited by id.
const editStyle = (feature) =>
  new Style({
    fill: new Fill({ color: 'rgba(40, 40, 40, 0.35)' }),
    stroke: new Stroke({ color: '#111', width: feature.getGeometry().getType().includes('Line') ? 5 : 2 }),
    image: new CircleStyle({ radius: 9, stroke: new Stroke({ color: '#111', width: 3 }) }),
    text: new Text({ text: feature.get('label') || '', font: 'bold 12px sans-serif', fill: new Fill({ color: '#000' }),
      stroke: new Stroke({ color: '#fff', width: 3 }) }),
  });

// Feature tables drawn over the images: roads as cased lines, point sources as dots.
const tableStyles = {
  roads: [
    new Style({ stroke: new Stroke({ color: '#2b2b2b', width: 4 }) }),
    new Style({ stroke: new Stroke({ color: '#f2f2f2', width: 2 }) }),
  ],
  nitrogen_sources: new Style({
    image: new CircleStyle({ radius: 6, fill: new Fill({ color: '#6a3d9a' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
  }),
};

export class MapView {
  // target: the map's element; loadBlob(path) fetches an image with the API key.
  constructor(target, loadBlob) {
    this.loadBlob = loadBlob;
    this.imageLayers = new globalThis.Map();  // key -> ImageLayer
    this.editSource = new VectorSource();
    this.editLayer = new VectorLayer({ source: this.editSource, style: editStyle, zIndex: 1000 });
    this.map = new Map({
      target,
      layers: [this.editLayer],
      controls: defaultControls().extend([new ScaleLine()]),
      view: new View({ center: [155000, 463000], zoom: 10, projection: projectionFor(28992) }),
      keyboardEventTarget: target,  // arrow keys pan, +/- zoom when the map has focus
    });
    this.extent = null;
    this.map.addControl(this.fitControl());
    // OpenLayers keeps pointer events on its controls (zoom, fit) from the interactions but
    // still counts them for its double-click timing: a map click within 250 ms of a click on a
    // control was taken for a double-click and zoomed in. Stopped here, they never reach it.
    this.map.getOverlayContainerStopEvent().addEventListener('pointerdown', (event) => event.stopPropagation());
    // The view's resolution on the map element, for tests that turn map points into pixels, and
    // whether the layers have been drawn at that view (feature picking hits what was drawn).
    this.map.on('moveend', () => {
      target.dataset.resolution = String(this.map.getView().getResolution());
      target.dataset.rendered = 'false';
    });
    this.map.on('rendercomplete', () => { target.dataset.rendered = 'true'; });
  }

  // Double-click zoom on or off: off while drawing, where a double-click finishes the polygon.
  // Turned back on a moment later, so the finishing double-click itself does not zoom.
  setDoubleClickZoom(on) {
    for (const interaction of this.map.getInteractions().getArray()) {
      if (!(interaction instanceof DoubleClickZoom)) continue;
      if (on) setTimeout(() => interaction.setActive(true), 300);
      else interaction.setActive(false);
    }
  }

  // A button under the zoom buttons that shows the whole grid again after zooming and panning.
  fitControl() {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '⤢';
    button.title = 'Show the whole scenario';
    button.setAttribute('aria-label', 'Show the whole scenario');
    button.addEventListener('click', () => this.fitGrid());
    const element = document.createElement('div');
    element.className = 'ol-unselectable ol-control fit-grid';
    element.append(button);
    return new Control({ element });
  }

  fitGrid() {
    if (this.extent) this.map.getView().fit(this.extent, { padding: [16, 16, 16, 16] });
  }

  // A new scenario: a view in its CRS, fitted to its grid, and no layers of the last one.
  showGrid(grid) {
    for (const key of [...this.imageLayers.keys()]) this.removeImage(key);
    this.editSource.clear();
    this.projection = projectionFor(grid.epsg);
    this.extent = gridExtent(grid);
    const view = new View({
      projection: this.projection,
      extent: this.extent.map((v, i) => v + (i < 2 ? -1 : 1) * grid.nx * grid.cell * 0.5),
      constrainOnlyCenter: true,
    });
    this.map.setView(view);
    this.fitGrid();
  }

  // An image layer over the whole grid, drawn from an API PNG (one pixel per cell, nearest
  // neighbour so cells stay crisp). `z` orders layers: base layers low, results high.
  setImage(key, path, { z = 0, opacity = 1, visible = true, title = key } = {}) {
    this.removeImage(key);
    const source = new Static({
      url: path,
      imageExtent: this.extent,
      projection: this.projection,
      interpolate: false,
      imageLoadFunction: (image, src) => {
        this.loadBlob(src).then(
          (blob) => {
            const url = URL.createObjectURL(blob);
            const img = image.getImage();
            img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
            img.src = url;
          },
          (error) => {
            image.getImage().dispatchEvent(new Event('error'));
            this.onImageError?.(title, error);
          },
        );
      },
    });
    const layer = new ImageLayer({ source, zIndex: z, opacity, visible, properties: { key, title } });
    this.imageLayers.set(key, layer);
    this.map.addLayer(layer);
    return layer;
  }

  // A feature table of the scenario (GeoJSON in the grid's CRS, from the API) as a vector layer.
  setFeatures(key, geojson, { z = 0, opacity = 1, visible = true, title = key, table = key } = {}) {
    this.removeImage(key);
    const features = new GeoJSON().readFeatures(geojson, {
      dataProjection: this.projection,
      featureProjection: this.projection,
    });
    const layer = new VectorLayer({
      source: new VectorSource({ features }),
      style: tableStyles[table] || tableStyles.nitrogen_sources,
      zIndex: z, opacity, visible, properties: { key, title },
    });
    this.imageLayers.set(key, layer);
    this.map.addLayer(layer);
    return layer;
  }

  // The feature of the vector layer `key` under a pixel (within a few pixels, so a thin road
  // can be hit), or null.
  featureAt(pixel, key) {
    const layer = this.imageLayers.get(key);
    if (!layer) return null;
    return this.map.forEachFeatureAtPixel(pixel, (feature) => feature, {
      layerFilter: (l) => l === layer, hitTolerance: 6,
    }) || null;
  }

  removeImage(key) {
    const layer = this.imageLayers.get(key);
    if (!layer) return;
    this.map.removeLayer(layer);
    this.imageLayers.delete(key);
  }

  setVisible(key, visible) { this.imageLayers.get(key)?.setVisible(visible); }
  setOpacity(key, opacity) { this.imageLayers.get(key)?.setOpacity(opacity); }
  removeImagesWhere(predicate) {
    for (const key of [...this.imageLayers.keys()]) if (predicate(key)) this.removeImage(key);
  }

  // A click, or Enter while the map has focus (for the point under the view's centre), so
  // values can be read without a mouse.
  onPick(handler) {
    this.map.on('singleclick', (event) => handler(event.coordinate, event.pixel));
    this.map.getTargetElement().addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === this.map.getTargetElement()) {
        handler(this.map.getView().getCenter(), null);
      }
    });
  }
}
