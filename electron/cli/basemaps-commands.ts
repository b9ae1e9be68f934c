import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../services/shared/app-error';
import type { CliCommand, CliContext, CliValues } from './cli-command';

const USAGE = [
  'basemaps list --workspace DIR                 configured basemaps, offline archives included',
  'basemaps import FILE --workspace DIR          import an MBTiles/PMTiles archive (raster)',
  'basemaps download --workspace DIR --source ID --bbox W,S,E,N --zoom MIN-MAX [--rate N] [--name NAME] [--estimate]',
  '                                              save an area of an online source as an offline MBTiles basemap',
].join('\n  ');

function area(values: CliValues) {
  const bbox = String(values.bbox ?? '').split(',').map(Number);
  const zoom = /^(\d+)-(\d+)$/.exec(String(values.zoom ?? ''));
  if (bbox.length !== 4 || !bbox.every(Number.isFinite)) throw new AppError('usage', `--bbox W,S,E,N is required\n  ${USAGE}`);
  if (!zoom) throw new AppError('usage', `--zoom MIN-MAX is required (e.g. 12-15)\n  ${USAGE}`);
  return {
    sourceId: Number(values.source), bounds: bbox, minZoom: Number(zoom[1]), maxZoom: Number(zoom[2]),
    name: (values.name as string | undefined) ?? null, ratePerSecond: values.rate ? Number(values.rate) : 4,
  };
}

async function download(context: CliContext, values: CliValues) {
  const input = area(values);
  if (values.estimate) return context.call('basemaps:offlineEstimate', input);
  const job = await context.call('basemaps:offlineStart', input);
  // The download runs in the backend; the CLI waits for it, polling as the renderer does.
  for (;;) {
    const current = (await context.call('basemaps:offlineJobs', {})).find((j) => j.jobId === job.jobId)!;
    if (current.state !== 'running') return current;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export const basemapsCommands: CliCommand[] = [
  {
    name: 'basemaps',
    usage: USAGE,
    options: {
      source: { type: 'string' },
      bbox: { type: 'string' },
      zoom: { type: 'string' },
      rate: { type: 'string' },
      name: { type: 'string' },
      estimate: { type: 'boolean', default: false },
    },
    async run(context, positionals, values) {
      const [action, file] = positionals;
      if (action === 'list') {
        await context.openWorkspace();
        return context.call('basemaps:list', {});
      }
      if (action === 'import') {
        if (!file) throw new AppError('usage', `basemaps import needs a FILE\n  ${USAGE}`);
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(file);
        } catch (err) {
          throw new AppError('file_not_found', `${file}：无法读取（${(err as NodeJS.ErrnoException).code ?? String(err)}）`);
        }
        await context.openWorkspace();
        // The same bytes-only channel the renderer uses: the CLI reads the file the user named.
        return context.call('basemaps:importArchive', { fileName: path.basename(file), dataBase64: bytes.toString('base64') });
      }
      if (action === 'download') {
        await context.openWorkspace();
        return download(context, values);
      }
      throw new AppError('usage', `Unknown basemaps action: ${action ?? '(none)'}\n  ${USAGE}`);
    },
  },
];
