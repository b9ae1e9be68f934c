import fs from 'node:fs';
import path from 'node:path';
import type { Geometry, RateLevel, RegionShape } from '../contract';
import { RateLevel as RateLevelSchema } from '../contract';
import { AppError } from '../services/shared/app-error';
import { openTableWriter, type TableCell, type TableColumn, type TableFormat } from '../services/export/table-writers';
import { CASE_FILTER_OPTIONS, filterFrom } from './cases-commands';
import type { CliCommand, CliContext, CliValues } from './cli-command';

/** Cases per page: bounded memory whatever the number of cases. */
const PAGE = 2000;
const FORMATS = ['csv', 'xlsx', 'geojson'] as const;

/**
 * `export cases|grids|stats --format csv|xlsx|geojson --out FILE`: every matching row, written to
 * the file page by page (no row limit, memory bounded by one page). Cases take the same filters
 * as `cases` and are masked as the app's export masks them (names 王**, phones 138****5678).
 */
export const exportCommands: CliCommand[] = [
  {
    name: 'export',
    usage: 'export cases|grids|stats --format csv|xlsx|geojson --out FILE --workspace DIR [cases: the filters of `cases`] [stats: --month YYYY-MM --level street|community|grid|department|grid_worker]',
    options: { ...CASE_FILTER_OPTIONS, format: { type: 'string' }, out: { type: 'string' }, month: { type: 'string' }, level: { type: 'string' } },
    readsOnly: true,
    async run(context, positionals, values) {
      const kind = positionals[0];
      const format = values.format as TableFormat;
      if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new AppError('usage', `--format must be one of ${FORMATS.join(', ')}`);
      if (typeof values.out !== 'string' || !values.out) throw new AppError('usage', '--out FILE is required');
      const out = path.resolve(values.out);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (kind === 'cases') return exportCases(context, values, format, out);
      if (kind === 'grids') return exportGrids(context, format, out);
      if (kind === 'stats') return exportStats(context, values, format, out);
      throw new AppError('usage', 'export: what to export is cases, grids or stats');
    },
  },
];

async function exportCases(context: CliContext, values: CliValues, format: TableFormat, out: string) {
  const filter = filterFrom(values);
  await context.openWorkspace();
  let page = await context.call('export:case-rows', { filter, offset: 0, limit: PAGE });
  const writer = openTableWriter(out, format, page.columns.filter((c) => !isLngLat(c.header) || format !== 'geojson'), '案件');
  const keep = page.columns.map((c) => !isLngLat(c.header) || format !== 'geojson');
  let offset = 0;
  // The total is taken once: a case written meanwhile by someone else is in the next export.
  const total = page.total;
  for (;;) {
    await writer.write(
      page.rows.map((row) => row.filter((_, k) => keep[k])),
      page.points.map((p): Geometry | null => (p ? { type: 'Point', coordinates: p } : null)),
    );
    offset += page.rows.length;
    if (!page.rows.length || offset >= total) break;
    page = await context.call('export:case-rows', { filter, offset, limit: PAGE });
  }
  const rows = await writer.close();
  return { kind: 'cases', format, out, matched: total, rows, masked: page.masked, bytes: fs.statSync(out).size };
}

async function exportGrids(context: CliContext, format: TableFormat, out: string) {
  await context.openWorkspace();
  const grids = await context.call('regions:shapes', { level: 'grid' });
  const parents = new Map<number, RegionShape>();
  for (const level of ['community', 'street'] as const) for (const s of await context.call('regions:shapes', { level })) parents.set(s.id, s);
  const columns: TableColumn[] = [
    { header: '网格编码', width: 18 }, { header: '网格名称', width: 16 }, { header: '所属社区', width: 14 }, { header: '所属街道', width: 14 },
    { header: '中心经度', width: 11 }, { header: '中心纬度', width: 11 },
  ];
  const writer = openTableWriter(out, format, format === 'geojson' ? columns.slice(0, 4) : columns, '网格');
  const rows: TableCell[][] = grids.map((g) => {
    const community = g.parentId === null ? undefined : parents.get(g.parentId);
    const street = community?.parentId == null ? undefined : parents.get(community.parentId);
    const [lng, lat] = centre(g.geometry);
    const row: TableCell[] = [g.code, g.name, community?.name ?? null, street?.name ?? null];
    return format === 'geojson' ? row : [...row, lng, lat];
  });
  await writer.write(rows, grids.map((g) => g.geometry));
  return { kind: 'grids', format, out, rows: await writer.close(), bytes: fs.statSync(out).size };
}

async function exportStats(context: CliContext, values: CliValues, format: TableFormat, out: string) {
  if (typeof values.month !== 'string') throw new AppError('usage', 'export stats: --month YYYY-MM is required');
  const level = (values.level ?? 'street') as RateLevel;
  if (!RateLevelSchema.safeParse(level).success) throw new AppError('usage', `--level must be one of ${RateLevelSchema.options.join(', ')}`);
  if (format === 'geojson' && (level === 'department' || level === 'grid_worker')) throw new AppError('usage', `export stats --level ${level}: 单位没有边界，不能导出 GeoJSON`);
  await context.openWorkspace();
  const ranking = await context.call('rates:ranking', { month: values.month, level });
  const shapes = format === 'geojson' ? new Map((await context.call('regions:shapes', { level: level as 'street' })).map((s) => [s.id, s.geometry])) : new Map<number, Geometry>();
  // Rates as computed (fractions 0–1, full precision): a spreadsheet formats them, a script compares them.
  const columns: TableColumn[] = [
    { header: '单位', width: 16 }, { header: '案件数', width: 8 }, { header: '响应率', width: 9 }, { header: '解决率', width: 9 }, { header: '满意率', width: 9 },
    { header: '综合得分', width: 9 }, { header: '排名', width: 6 }, { header: '上月排名', width: 8 }, { header: '较上月', width: 8 },
  ];
  const writer = openTableWriter(out, format, columns, `${ranking.month} 三率`);
  await writer.write(
    ranking.rows.map((r) => [r.unitName, r.counts.cases, r.response, r.resolution, r.satisfaction, r.composite, r.rank, r.previousRank, r.change]),
    ranking.rows.map((r) => shapes.get(r.unitId) ?? null),
  );
  return { kind: 'stats', format, out, month: ranking.month, level, partialMonth: ranking.coverage, rows: await writer.close(), bytes: fs.statSync(out).size };
}

function isLngLat(header: string): boolean {
  return header === '经度' || header === '纬度';
}

/** The middle of a geometry's bounding box: where a label or a spreadsheet's point goes. */
function centre(geometry: Geometry): [number | null, number | null] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      minX = Math.min(minX, c[0]);
      maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1] as number);
      maxY = Math.max(maxY, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(geometry.coordinates);
  return Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : [null, null];
}
