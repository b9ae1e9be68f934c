// Draws the GridDesk app icon — a white map pin with a 3×3 grid (网格) in its head, over a blue tile
// crossed by faint grid lines — and writes icon.svg, icon-256.png, icon-512.png and icon.ico.
// One shape description feeds both the SVG and the rasterizer (supersampled, no dependencies
// besides pngjs), so the files cannot drift apart. Run: node resources/icons/render-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// ── Geometry, in a 512×512 design space ─────────────────────────────────────────────────────
const TILE = { x: 16, y: 16, size: 480, radius: 96 };
const BLUE_TOP = [0x2f, 0x80, 0xed];
const BLUE_BOTTOM = [0x1a, 0x56, 0xc4];
const GRID = { cells: 4, width: 6, opacity: 0.18 };
const SHADOW = { cx: 256, cy: 446, rx: 70, ry: 14, opacity: 0.22 };
const PIN = { cx: 256, cy: 214, r: 120, tipY: 440 };
const CELL = { size: 30, gap: 9, radius: 4, count: 3 };

// The pin is the circle plus the triangle from the tip to the points where its sides touch the circle.
const alpha = Math.acos(PIN.r / (PIN.tipY - PIN.cy));
const tangentLeft = [PIN.cx - PIN.r * Math.sin(alpha), PIN.cy + PIN.r * Math.cos(alpha)];
const tangentRight = [PIN.cx + PIN.r * Math.sin(alpha), PIN.cy + PIN.r * Math.cos(alpha)];
const tip = [PIN.cx, PIN.tipY];
const gridLines = Array.from({ length: GRID.cells - 1 }, (_, i) => TILE.x + (TILE.size * (i + 1)) / GRID.cells);
const cellsSpan = CELL.count * CELL.size + (CELL.count - 1) * CELL.gap;
const cells = Array.from({ length: CELL.count * CELL.count }, (_, i) => ({
  x: PIN.cx - cellsSpan / 2 + (i % CELL.count) * (CELL.size + CELL.gap),
  y: PIN.cy - cellsSpan / 2 + Math.floor(i / CELL.count) * (CELL.size + CELL.gap),
}));

const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const f = (n) => Number(n.toFixed(2));

function svg() {
  const lines = gridLines
    .flatMap((p) => [`<line x1="${p}" y1="${TILE.y}" x2="${p}" y2="${TILE.y + TILE.size}"/>`, `<line x1="${TILE.x}" y1="${p}" x2="${TILE.x + TILE.size}" y2="${p}"/>`])
    .join('');
  const rect = `x="${TILE.x}" y="${TILE.y}" width="${TILE.size}" height="${TILE.size}" rx="${TILE.radius}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
  <title>GridDesk 网格通</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(BLUE_TOP)}"/><stop offset="1" stop-color="${hex(BLUE_BOTTOM)}"/></linearGradient>
    <clipPath id="tile"><rect ${rect}/></clipPath>
  </defs>
  <rect ${rect} fill="url(#bg)"/>
  <g clip-path="url(#tile)" stroke="#fff" stroke-opacity="${GRID.opacity}" stroke-width="${GRID.width}">${lines}</g>
  <ellipse cx="${SHADOW.cx}" cy="${SHADOW.cy}" rx="${SHADOW.rx}" ry="${SHADOW.ry}" fill="#000" fill-opacity="${SHADOW.opacity}"/>
  <path d="M${tip.join(' ')} L${tangentLeft.map(f).join(' ')} A${PIN.r} ${PIN.r} 0 1 1 ${tangentRight.map(f).join(' ')} Z" fill="#fff"/>
  <g fill="${hex(BLUE_BOTTOM)}">${cells.map((c) => `<rect x="${c.x}" y="${c.y}" width="${CELL.size}" height="${CELL.size}" rx="${CELL.radius}"/>`).join('')}</g>
</svg>
`;
}

// ── Rasterizer: colour of one sample point, layers composited bottom to top ─────────────────
function insideRoundedRect(x, y, { x: rx, y: ry, size, radius }) {
  const dx = Math.max(rx + radius - x, 0, x - (rx + size - radius));
  const dy = Math.max(ry + radius - y, 0, y - (ry + size - radius));
  return x >= rx && x <= rx + size && y >= ry && y <= ry + size && dx * dx + dy * dy <= radius * radius;
}

function insideTriangle(x, y, [a, b, c]) {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function over(dst, rgb, a) {
  // Premultiplied "source over".
  return [rgb[0] * a + dst[0] * (1 - a), rgb[1] * a + dst[1] * (1 - a), rgb[2] * a + dst[2] * (1 - a), a + dst[3] * (1 - a)];
}

function sample(x, y) {
  let c = [0, 0, 0, 0];
  if (!insideRoundedRect(x, y, TILE)) return c;
  const t = (y - TILE.y) / TILE.size;
  c = over(c, BLUE_TOP.map((top, i) => top + (BLUE_BOTTOM[i] - top) * t), 1);
  const half = GRID.width / 2;
  if (gridLines.some((p) => Math.abs(x - p) <= half || Math.abs(y - p) <= half)) c = over(c, [255, 255, 255], GRID.opacity);
  const ex = (x - SHADOW.cx) / SHADOW.rx;
  const ey = (y - SHADOW.cy) / SHADOW.ry;
  if (ex * ex + ey * ey <= 1) c = over(c, [0, 0, 0], SHADOW.opacity);
  const inPin = (x - PIN.cx) ** 2 + (y - PIN.cy) ** 2 <= PIN.r ** 2 || insideTriangle(x, y, [tip, tangentLeft, tangentRight]);
  if (inPin) c = over(c, [255, 255, 255], 1);
  if (cells.some((cell) => insideRoundedRect(x, y, { x: cell.x, y: cell.y, size: CELL.size, radius: CELL.radius }))) c = over(c, BLUE_BOTTOM, 1);
  return c;
}

/** RGBA pixels at `size`×`size`, n×n samples per pixel. */
function render(size) {
  const n = size <= 64 ? 8 : 4;
  const scale = 512 / size;
  const data = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const s = sample((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale);
          for (let i = 0; i < 4; i++) acc[i] += s[i];
        }
      }
      const a = acc[3] / (n * n);
      const o = (py * size + px) * 4;
      // Un-premultiply for PNG's straight alpha.
      for (let i = 0; i < 3; i++) data[o + i] = a > 0 ? Math.round(acc[i] / (n * n) / a) : 0;
      data[o + 3] = Math.round(a * 255);
    }
  }
  return data;
}

function png(size, rgba = render(size)) {
  const image = new PNG({ width: size, height: size });
  rgba.copy(image.data);
  return PNG.sync.write(image);
}

/** A 32-bit BMP (DIB) icon entry: bottom-up BGRA plus an all-zero AND mask. */
function dib(size) {
  const rgba = render(size);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR image + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/** ICO container: small sizes as BMP (every Windows tool reads them), 256 as PNG (Vista+ format). */
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.data)]);
}

fs.writeFileSync(path.join(here, 'icon.svg'), svg());
const png256 = png(256);
fs.writeFileSync(path.join(here, 'icon-256.png'), png256);
fs.writeFileSync(path.join(here, 'icon-512.png'), png(512));
const small = [16, 24, 32, 48, 64, 128].map((size) => ({ size, data: dib(size) }));
fs.writeFileSync(path.join(here, 'icon.ico'), ico([...small, { size: 256, data: png256 }]));
console.log('wrote icon.svg, icon-256.png, icon-512.png, icon.ico (16–256 px) in', here);
