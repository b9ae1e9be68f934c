import fs from 'node:fs';
import path from 'node:path';
import type { BenchTable } from './bench-table';

/**
 * Issue 3: the map's own layers in Chromium (playwright-core) — 10,000 grid polygons and 200,000
 * case points: time to first draw and the median frame time while panning, next to references
 * measured in the same page (an empty map panning; the same polygons on Leaflet's canvas renderer).
 */
export async function benchMap(table: BenchTable, repoRoot: string, scratch: string): Promise<void> {
  const { build } = await import('esbuild');
  const out = path.join(scratch, 'map-bench');
  fs.mkdirSync(out, { recursive: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, 'renderer', 'src', 'map', 'bench', 'map-bench-page.ts')],
    bundle: true,
    format: 'iife',
    outfile: path.join(out, 'bench.js'),
    alias: { '@contract': path.join(repoRoot, 'electron', 'contract'), '@': path.join(repoRoot, 'renderer', 'src') },
    logLevel: 'warning',
  });
  const css = fs.readFileSync(path.join(repoRoot, 'node_modules', 'leaflet', 'dist', 'leaflet.css'), 'utf8');
  fs.writeFileSync(path.join(out, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><script src="bench.js"></script></body></html>`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await page.goto(`file://${path.join(out, 'index.html')}`);
    const call = <T>(name: string) =>
      page.evaluate((n) => (globalThis as unknown as { mapBench: Record<string, () => unknown> }).mapBench[n]!(), name) as Promise<T>;
    // A real drag with the mouse (Playwright), frames timed in the page.
    const drag = async () => {
      await call('startRecording');
      await page.mouse.move(800, 500);
      await page.mouse.down();
      for (let i = 1; i <= 60; i++) await page.mouse.move(800 + i * 6, 500 + i * 2);
      await page.mouse.up();
      return call<{ median: number; longest: number }>('stopRecording');
    };
    await call('polygons');
    const polygonDrag = await drag();
    await call('casePoints');
    const pointDrag = await drag();
    const r: Record<string, number> = { ...(await call<Record<string, number>>('closeUp')), polygonsSvgPanMs: polygonDrag.median, points200kDragMs: pointDrag.median };
    const empty = { name: 'empty map pan frame', value: r.emptyPanMs! };
    table.add({
      issue: '#3', name: '10,000 grid polygons (SVG): first draw', value: r.polygonsSvgFirstDrawMs!, unit: 'ms',
      reference: { name: 'Leaflet canvas renderer', value: r.polygonsCanvasFirstDrawMs! }, goal: '≤ 3000 ms', pass: r.polygonsSvgFirstDrawMs! <= 3000,
    });
    table.add({ issue: '#3', name: '10,000 grid polygons: drag frame (median)', value: r.polygonsSvgPanMs!, unit: 'ms', reference: empty });
    table.add({
      issue: '#3', name: '200,000 case points: first draw', value: r.points200kFirstDrawMs!, unit: 'ms', goal: '≤ 1500 ms', pass: r.points200kFirstDrawMs! <= 1500,
    });
    table.add({
      issue: '#3', name: '200,000 case points: drag frame z12 (median)', value: r.points200kDragMs!, unit: 'ms', reference: empty, goal: '≤ 50 ms', pass: r.points200kDragMs! <= 50,
    });
    table.add({ issue: '#3', name: '200,000 case points: frame when every frame redraws (panBy), z12', value: r.points200kPanMs!, unit: 'ms', reference: empty });
    table.add({ issue: '#3', name: '200,000 case points: frame when every frame redraws (panBy), z15', value: r.points200kPanZ15Ms!, unit: 'ms', reference: empty });
  } finally {
    await browser.close();
  }
}
