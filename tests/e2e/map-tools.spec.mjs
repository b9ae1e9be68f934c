// Map tools: save an area of an online source for offline use (from a local tile server started
// here: no internet), cancel and resume it, use the result; export the map as a PNG; search the
// map by grid code, name and address; the archive import refuses a file path.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** A 256 px PNG: a pale colour per tile with a darker border and a diagonal, so tiles are told apart. */
function tilePng(z, x, y) {
  const size = 256;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  const base = [200 + ((x * 13) % 50), 215 + ((y * 7) % 35), 190 + ((z * 17) % 60)];
  for (let r = 0; r < size; r++) {
    raw[r * (size * 3 + 1)] = 0;
    for (let c = 0; c < size; c++) {
      const edge = r < 2 || c < 2 || Math.abs(r - c) < 2;
      const o = r * (size * 3 + 1) + 1 + c * 3;
      raw[o] = edge ? 120 : base[0];
      raw[o + 1] = edge ? 140 : base[1];
      raw[o + 2] = edge ? 110 : base[2];
    }
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    let crc = 0xffffffff;
    for (let i = 4; i < 8 + data.length; i++) {
      crc ^= out[i];
      for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function startTileServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, userAgent: String(req.headers['user-agent']) });
    const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(tilePng(Number(m[1]), Number(m[2]), Number(m[3])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requests, port: server.address().port })));
}

/** @param {{ page: import('playwright-core').Page, screenshot: Function, invoke: Function, log: Function }} ctx */
export async function run({ page, screenshot, invoke, log }) {
  const tiles = await startTileServer();
  try {
    await invoke('basemaps:saveOnline', {
      id: null, name: '本地测试瓦片', urlTemplate: `http://127.0.0.1:${tiles.port}/{z}/{x}/{y}.png`, labelsUrlTemplate: null,
      subdomains: 'abc', crs: 'wgs84', minZoom: 0, maxZoom: 18, attribution: '© 本地测试', apiKey: null,
    });
    await page.reload();
    await page.locator('[data-testid="map"] .leaflet-tile-loaded').first().waitFor({ timeout: 60_000 });

    // Security: the archive import takes bytes only, never a path the renderer names.
    await assert.rejects(invoke('basemaps:importArchive', { filePath: '/etc/passwd' }), /invalid|filePath|Unrecognized/i);

    // ── Save this area for offline ──
    // Zoomed out a little, the whole view down to z18 is far over the limit.
    const zoomControl = (sign) => page.locator(`.leaflet-control-zoom-${sign === '+' ? 'in' : 'out'}`);
    for (let i = 0; i < 2; i++) await zoomControl('-').click();
    await page.waitForTimeout(600);
    await page.locator('[data-testid="map-offline"]').click();
    const dialog = page.locator('[data-testid="offline-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-testid="offline-source"]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '本地测试瓦片' }).click();
    // Too much first: the whole view down to z18 is refused, with the reason.
    await dialog.locator('[data-testid="offline-use-view"]').click();
    await dialog.locator('[data-testid="offline-max-zoom"] input').fill('18');
    await dialog.locator('[data-testid="offline-max-zoom"] input').press('Tab');
    await dialog.locator('[data-testid="offline-refused"]').waitFor();
    assert.match(await dialog.locator('[data-testid="offline-refused"]').innerText(), /超过上限 50,000/);
    assert.ok(await dialog.locator('[data-testid="offline-start"]').isDisabled(), 'start disabled when refused');
    await screenshot('map-tools-offline-refused.png');

    // A rectangle drawn on the map, z12–15.
    for (let i = 0; i < 2; i++) await zoomControl('+').click();
    await page.waitForTimeout(600);
    await dialog.locator('[data-testid="offline-draw"]').click();
    await dialog.waitFor({ state: 'hidden' });
    const box = await page.locator('[data-testid="map"]').boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 90, cy - 70);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 5 });
    await page.mouse.move(cx + 90, cy + 70, { steps: 5 });
    await page.mouse.up();
    await dialog.waitFor();
    await dialog.locator('[data-testid="offline-min-zoom"] input').fill('12');
    await dialog.locator('[data-testid="offline-min-zoom"] input').press('Tab');
    await dialog.locator('[data-testid="offline-max-zoom"] input').fill('15');
    await dialog.locator('[data-testid="offline-max-zoom"] input').press('Tab');
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid="offline-estimate"]')?.textContent ?? '';
      return /z12 \d/.test(text) && /z15 \d/.test(text) && !/z16/.test(text) && !document.querySelector('[data-testid="offline-refused"]');
    });
    const estimate = await dialog.locator('[data-testid="offline-estimate"]').innerText();
    log(`estimate: ${estimate.replace(/\s+/g, ' ')}`);
    const total = Number(/共 ([\d,]+) 个瓦片/.exec(estimate)[1].replace(/,/g, ''));
    assert.ok(total >= 8 && total < 200, `a small area: ${total} tiles`);
    await screenshot('map-tools-offline-estimate.png');

    tiles.requests.length = 0;
    await dialog.locator('[data-testid="offline-start"]').click();
    await page.waitForFunction(() => {
      const m = /已保存 (\d+)/.exec(document.querySelector('[data-testid="offline-progress"]')?.textContent ?? '');
      return m && Number(m[1]) >= 4;
    }, null, { timeout: 30_000 });
    await dialog.locator('[data-testid="offline-cancel"]').click();
    await page.locator('[data-testid="offline-job"][data-state="cancelled"]').waitFor({ timeout: 30_000 });
    const cancelledText = await dialog.locator('[data-testid="offline-progress"]').innerText();
    const storedAtCancel = Number(/已保存 (\d+)/.exec(cancelledText)[1]);
    log(`cancelled: ${cancelledText}`);
    await screenshot('map-tools-offline-cancelled.png');
    const before = new Set(tiles.requests.map((r) => r.url));
    const seen = tiles.requests.length;
    await dialog.locator('[data-testid="offline-resume"]').click();
    await page.locator('[data-testid="offline-job"][data-state="done"]').waitFor({ timeout: 120_000 });
    const again = tiles.requests.slice(seen).filter((r) => before.has(r.url)).length;
    log(`requests: ${tiles.requests.length} for ${total} tiles (${storedAtCancel} kept at cancel, ${again} asked again)`);
    assert.ok(again <= 1, 'resume skips stored tiles');
    assert.equal(tiles.requests.length - again, total);
    assert.ok(tiles.requests.every((r) => r.userAgent.startsWith('GridDesk/')), 'User-Agent names GridDesk');
    assert.match(await dialog.locator('[data-testid="offline-done"]').innerText(), /已生成离线底图.*WGS84.*z12–15/);
    await screenshot('map-tools-offline-done.png');
    await dialog.locator('[data-testid="offline-use"]').click();
    await page.waitForFunction(() => document.querySelectorAll('.gd-basemap--offline img.leaflet-tile-loaded').length > 0, null, { timeout: 30_000 });
    const list = await invoke('basemaps:list', {});
    const saved = list.find((b) => b.name.startsWith('本地测试瓦片 离线'));
    assert.ok(saved && saved.offline && saved.minZoom === 12 && saved.maxZoom === 15 && saved.bounds, 'registered with bounds and zooms');
    await page.waitForTimeout(1000);
    await screenshot('map-tools-offline-in-use.png');

    // ── PNG export ──
    await page.locator('[data-testid="map-export"]').click();
    const exportDialog = page.locator('[data-testid="map-export-dialog"]');
    await exportDialog.waitFor();
    await exportDialog.locator('input[data-testid="map-export-title"], [data-testid="map-export-title"] input').fill('东城区网格案件分布图');
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.locator('[data-testid="map-export-run"]').click()]);
    const pngPath = path.join(screenshots, 'map-tools-export.png');
    await download.saveAs(pngPath);
    const png = fs.readFileSync(pngPath);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    log(`exported ${download.suggestedFilename()} ${width}×${height}, ${png.length} bytes`);
    assert.match(download.suggestedFilename(), /^东城区网格案件分布图_\d{4}-\d{2}-\d{2}\.png$/);
    assert.ok(width > 1000 && height > 800, 'the map at 2× scale');
    assert.equal(await exportDialog.locator('[data-testid="map-export-note"]').count(), 0, 'offline tiles are same-origin: nothing omitted');

    // ── Search ──
    const tree = await invoke('regions:tree', {});
    const grid = tree.find((n) => n.level === 'grid' && /^\d{15}$/.test(n.code));
    assert.ok(grid, 'the demo has coded grids');
    const input = page.locator('input[data-testid="map-search-input"], [data-testid="map-search-input"] input');
    await input.fill(grid.code);
    await page.locator('[data-testid="map-search-hit"]').first().waitFor();
    assert.match(await page.locator('[data-testid="map-search-hit"]').first().innerText(), new RegExp(grid.name));
    const zoomBefore = await page.evaluate(() => Number(document.querySelector('[data-testid="map"]').dataset.zoom));
    await page.locator('[data-testid="map-search-hit"]').first().click();
    await page.waitForFunction((z) => Number(document.querySelector('[data-testid="map"]').dataset.zoom) !== z, zoomBefore, { timeout: 10_000 });
    // Selected as in the tree: outline highlighted, case list scoped to the grid.
    await page.locator('path.gd-region-highlight').waitFor();
    await page.waitForFunction((name) => (document.querySelector('[data-testid="case-scope"]')?.textContent ?? '').includes(name), grid.name);
    await page.waitForTimeout(1200);
    await screenshot('map-tools-search-grid.png');
    // A code prefix lists the street's grids; a name finds communities and grids.
    await input.fill(grid.code.slice(0, 9));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-search-hit"]').length > 3);
    const cases = await invoke('cases:list', { filter: {}, offset: 0, limit: 5 });
    const address = cases.rows.map((c) => c.address).find(Boolean);
    const fragment = address.slice(0, Math.min(6, address.length));
    await input.fill(fragment);
    await page.locator('[data-testid="map-search-hit"]', { hasText: '地址' }).first().waitFor();
    await screenshot('map-tools-search-address.png');
    log(`search "${fragment}": ${await page.locator('[data-testid="map-search-hit"]').count()} hits`);
    await page.locator('[data-testid="map-search-hit"]', { hasText: '地址' }).first().click();
    await page.locator('path.gd-search-ring').waitFor();
    await page.waitForTimeout(1200);
    await screenshot('map-tools-search-address-zoomed.png');
  } finally {
    await new Promise((resolve) => tiles.server.close(resolve));
  }
}
