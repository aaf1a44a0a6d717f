// Coordinate reference systems the viewer can draw in. Dutch scenarios are in RD New
// (EPSG:28992); its definition is kept here rather than fetched, so the viewer works on a
// closed network. The projection is EPSG's 28992 (Amersfoort / RD New, oblique stereographic
// on Bessel 1841, as `projinfo EPSG:28992 -o PROJ` prints it); the datum shift to WGS 84 is
// EPSG:4833 "Amersfoort to WGS 84 (4)" (1 m accuracy, onshore NL), its rotations turned from
// the coordinate-frame convention EPSG uses into the position-vector one +towgs84 expects.
// It only matters for the longitude/latitude readout: the map itself is drawn in RD.
import proj4 from 'proj4';
import { register } from 'ol/proj/proj4.js';
import { get as getProjection } from 'ol/proj.js';

const definitions = {
  28992:
    '+proj=sterea +lat_0=52.1561605555556 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 ' +
    '+ellps=bessel +towgs84=565.4171,50.3319,465.5524,-0.398957388243134,0.343987817378283,-1.87740163998045,4.0725 +units=m +no_defs +type=crs',
};

for (const [epsg, definition] of Object.entries(definitions)) proj4.defs(`EPSG:${epsg}`, definition);
register(proj4);

// The OpenLayers projection for a scenario grid's EPSG code; an Error naming the code when
// the viewer does not know it (the map cannot be drawn in a CRS it cannot transform).
export function projectionFor(epsg) {
  const projection = getProjection(`EPSG:${epsg}`);
  if (!projection) throw new Error(`the viewer has no definition for EPSG:${epsg}; known: 28992, 3857, 4326`);
  return projection;
}

// Longitude/latitude of a point in the grid's CRS, for the coordinate readout.
export function toLonLat(epsg, [x, y]) {
  return proj4(`EPSG:${epsg}`, 'EPSG:4326', [x, y]);
}
