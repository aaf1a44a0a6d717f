// What the map shows, read in the page: painted pixels in the map's canvases, and where a
// point of the scenario grid lies on screen (the viewer fits the view to the grid).

// Pixels with any opacity in the map's canvases (OpenLayers draws each group of layers on a
// canvas of its own).
export function mapPixels(page) {
  return page.evaluate(() => {
    let painted = 0;
    for (const canvas of document.querySelectorAll('#map canvas')) {
      if (!canvas.width || !canvas.height) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
    }
    return painted;
  });
}

// Polls until accept(count) holds (rendering is asynchronous); false after the timeout.
export async function waitForPixels(page, accept, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  let count;
  do {
    count = await mapPixels(page);
    if (accept(count)) return true;
    await page.waitForTimeout(200);
  } while (Date.now() < until);
  console.error(`map pixels: ${count}`);
  return false;
}

// The pixel (relative to #map) of a point in the grid's CRS, from the map's size and the
// view the viewer fits: the grid's extent with 16 px padding, centred.
export async function mapToPixel(page, grid, [x, y]) {
  const box = await page.locator('#map').boundingBox();
  const width = grid.nx * grid.cell;
  const height = grid.ny * grid.cell;
  const resolution = Math.max(width / (box.width - 32), height / (box.height - 32));
  const cx = grid.x0 + width / 2;
  const cy = grid.y0 - height / 2;
  return [box.width / 2 + (x - cx) / resolution, box.height / 2 - (y - cy) / resolution];
}

// Waits until the map shows the whole grid as the viewer fits it (the resolution the page
// puts on #map after each move equals the one mapToPixel assumes) and has drawn its layers at
// that view (a click picks features from the drawn frame); false after the timeout.
export async function waitForFit(page, grid, timeoutMs = 5000) {
  const box = await page.locator('#map').boundingBox();
  const expected = Math.max((grid.nx * grid.cell) / (box.width - 32), (grid.ny * grid.cell) / (box.height - 32));
  return page.waitForFunction((r) => {
    const map = document.getElementById('map');
    return Math.abs(Number(map.dataset.resolution) / r - 1) < 1e-3 && map.dataset.rendered === 'true';
  }, expected, { timeout: timeoutMs }).then(() => true, () => false);
}
