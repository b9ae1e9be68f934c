// Runs inside Chromium for `npm run bench` (bundled by map.bench.ts): the app's own map layers on
// synthetic data at the sizes the issue names. Results are read back through window.mapBench.
import L from 'leaflet';
import { CasePointsLayer, type PointTuple } from '../case-points-layer';
import { RegionLayer } from '../region-layer';
import type { RegionShape } from '@contract/regions';

const frame = () => new Promise<number>((resolve) => requestAnimationFrame((t) => resolve(t)));
/** Two frames: the first runs the layer's scheduled draw, the second is painted after it. */
const painted = async () => {
  await frame();
  await frame();
};

function makeMap(): L.Map {
  document.body.innerHTML = '<div id="map" style="position:absolute;inset:0"></div>';
  const map = L.map('map', { zoomControl: false, attributionControl: false, preferCanvas: false });
  map.createPane('gdCasePoints').style.zIndex = '450';
  map.setView([39.915, 116.404], 12);
  return map;
}

/** A lattice of `n` quadrilaterals with jittered corners over about 40 km × 40 km. */
function grids(n: number): RegionShape[] {
  const side = Math.ceil(Math.sqrt(n));
  const step = 0.4 / side;
  const jitter = (i: number, j: number) => (Math.sin(i * 12.9898 + j * 78.233) * 43758.5453) % 1 * step * 0.2;
  const corner = (i: number, j: number): [number, number] => [116.2 + i * step + jitter(i, j), 39.72 + j * step + jitter(j, i)];
  const shapes: RegionShape[] = [];
  for (let k = 0; k < n; k++) {
    const i = k % side;
    const j = Math.floor(k / side);
    const ring = [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1), corner(i, j)];
    shapes.push({ id: k + 1, parentId: null, level: 'grid', code: String(k), name: `g${k}`, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return shapes;
}

function points(n: number): PointTuple[] {
  const out: PointTuple[] = [];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < n; i++) out.push([i + 1, 116.25 + rnd() * 0.3, 39.78 + rnd() * 0.26, i % 10]);
  return out;
}

/** Frame intervals recorded while something else (the real mouse, driven by Playwright) drags. */
const recorder = { on: false, times: [] as number[] };
async function record(): Promise<void> {
  let last = await frame();
  while (recorder.on) {
    const now = await frame();
    recorder.times.push(now - last);
    last = now;
  }
}

async function panFrames(map: L.Map, frames: number): Promise<number> {
  await painted();
  const times: number[] = [];
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    map.panBy([i % 20 < 10 ? 25 : -25, 8], { animate: false });
    const now = await frame();
    times.push(now - last);
    last = now;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.5)]!;
}

const state: { map?: L.Map; result: Record<string, number> } = { result: {} };

/** Stage 1: references and the 10,000 polygons (left on the map for a drag). */
async function polygons(): Promise<void> {
  const result = state.result;
  let map = makeMap();
  result.emptyPanMs = await panFrames(map, 30);
  map.remove();
  map = makeMap();
  const renderer = L.canvas();
  let t = performance.now();
  for (const shape of grids(10_000)) L.polygon((shape.geometry.coordinates[0] as [number, number][]).map(([x, y]) => [y, x]), { renderer, weight: 0.6 }).addTo(map);
  await painted();
  result.polygonsCanvasFirstDrawMs = performance.now() - t;
  map.remove();
  map = makeMap();
  t = performance.now();
  new RegionLayer('grid', grids(10_000)).addTo(map);
  await painted();
  result.polygonsSvgFirstDrawMs = performance.now() - t;
  state.map = map;
}

/** Stage 2: 200,000 points (left on the map for a drag). */
async function casePoints(): Promise<void> {
  state.map?.remove();
  const map = makeMap();
  const data = points(200_000);
  const t = performance.now();
  const dots = new CasePointsLayer({ pane: 'gdCasePoints', colors: ['#1d4ed8', '#16a34a', '#f59e0b', '#dc2626', '#6b7280', '#7c3aed', '#0891b2', '#be123c', '#4d7c0f', '#a16207'], drawOrder: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  dots.addTo(map);
  dots.setPoints(data);
  await painted();
  state.result.points200kFirstDrawMs = performance.now() - t;
  state.result.points200kPanMs = await panFrames(map, 30);
  state.map = map;
}

/** Stage 3: every frame redraws (panBy without animation) at street zoom. */
async function closeUp(): Promise<Record<string, number>> {
  state.map!.setZoom(15, { animate: false });
  state.result.points200kPanZ15Ms = await panFrames(state.map!, 30);
  return state.result;
}

function startRecording(): void {
  recorder.on = true;
  recorder.times = [];
  void record();
}

/** Median frame and, separately, the longest one (the redraw when the drag ends). */
async function stopRecording(): Promise<{ median: number; longest: number }> {
  await painted();
  recorder.on = false;
  const sorted = [...recorder.times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, longest: sorted[sorted.length - 1] ?? 0 };
}

Object.assign(window, { mapBench: { polygons, casePoints, closeUp, startRecording, stopRecording } });
