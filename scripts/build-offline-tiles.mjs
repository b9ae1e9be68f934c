// Renders the bundled offline basemap: node scripts/build-offline-tiles.mjs [--data DIR] [--out FILE] [--preview DIR]
// The generator is TypeScript (electron/services/tiles/offline-basemap-builder.ts); esbuild bundles it on the
// fly into node_modules/.cache so no extra entry in build-electron.mjs is needed. Output is deterministic.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
};
// shared/ sits beside the repository (see shared/data/README.md for the provenance of these files).
const dataDir = option('--data', path.resolve(root, '..', 'shared', 'data', 'beijing'));
const outFile = option('--out', path.join(root, 'resources', 'tiles', 'beijing-offline.mbtiles'));
const previewDir = option('--preview', undefined);

// Bundled inside node_modules so `sql.js`, `gcoord` and `pngjs` resolve from the project's node_modules.
const bundle = path.join(root, 'node_modules', '.cache', 'griddesk-tiles', 'offline-basemap.mjs');
await build({
  absWorkingDir: root,
  stdin: {
    contents: [
      "export * from './electron/services/tiles/offline-basemap-builder.ts';",
      "export { MbtilesArchive } from './electron/services/tiles/mbtiles.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(bundle).href);

const started = Date.now();
const result = await lib.buildOfflineBasemap({ dataDir, outFile, log: (line) => console.log(line) });
console.log(
  `wrote ${path.relative(root, result.file)}: ${result.tileCount} tiles (${result.uniqueImages} distinct images), ` +
    `${(result.bytes / 1024).toFixed(0)} KiB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

if (previewDir) {
  // 3×3 mosaics to look at: Beijing centre at z10, Dongcheng at z14, all Beijing at z8.
  fs.mkdirSync(previewDir, { recursive: true });
  const archive = await lib.MbtilesArchive.open(outFile);
  const scene = lib.loadScene(dataDir);
  const centreOf = (b, z) => {
    const r = lib.tileRange([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2], z);
    return [r.x0, r.y0];
  };
  for (const [label, z, bounds] of [
    ['z8-beijing', 8, scene.cityBounds],
    ['z10-centre', 10, scene.detailBounds],
    ['z12-centre', 12, scene.detailBounds],
    ['z14-dongcheng', 14, scene.detailBounds],
  ]) {
    const [cx, cy] = centreOf(bounds, z);
    const mosaic = new PNG({ width: 768, height: 768 });
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const tile = await archive.getTile(z, cx + dx, cy + dy);
        if (!tile) continue;
        const img = PNG.sync.read(Buffer.from(tile.data));
        PNG.bitblt(img, mosaic, 0, 0, 256, 256, (dx + 1) * 256, (dy + 1) * 256);
      }
    }
    const file = path.join(previewDir, `${label}.png`);
    fs.writeFileSync(file, PNG.sync.write(mosaic));
    console.log(`preview ${file}`);
  }
  await archive.close();
}
