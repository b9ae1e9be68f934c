import { excelJs } from '../shared/spreadsheet-libs';
import iconv from 'iconv-lite';
import type { CaseFilter, ExportedFile, Geometry, RegionLevel, RegionShape } from '../../contract';
import { AppError } from '../shared/app-error';
import type { CaseService } from '../cases/case.service';
import { CASE_COLUMNS, shanghaiExcelDate, shanghaiText } from './case-table';
import { levelName } from '../shared/level-names';
import type { ExportCaseRow, ExportRepository } from './export.repository';
import { csvField, neutraliseFormula } from './neutralise';

export type ExportAnswer = ExportedFile & { rows: number; masked: boolean };

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
};

/** Cases and grids out of GridDesk, for Excel/WPS users and for GIS tools. */
export class ExportService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly cases: CaseService,
    private readonly shapes: (level: RegionLevel) => RegionShape[],
    /** Whether the signed-in person's role may see personal data. */
    private readonly mayUnmask: () => boolean,
    /** Writes the unmasked export to the access log (who, when, why, how many rows); throws when it cannot. */
    private readonly logUnmasked: (rows: number, reason: string) => void,
    private readonly clock: () => number = Date.now,
    /** Slim cases' texts and callers from their archive files (ArchiveService.fillSlimmed): an export is whole. */
    private readonly withArchived: (rows: ExportCaseRow[]) => void = () => undefined,
  ) {}

  private rowsOf(ids: number[]): ExportCaseRow[] {
    const rows = this.repo.cases(ids);
    this.withArchived(rows);
    return rows;
  }

  /** Masked unless asked, allowed and given a reason; an unmasked export is logged before it is made. */
  async exportCases(filter: CaseFilter, format: 'xlsx' | 'csv' | 'geojson', encoding: 'utf-8-bom' | 'gbk', unmask: boolean, reason?: string): Promise<ExportAnswer> {
    const rows = this.rowsOf(this.matchingIds(filter));
    const masked = !(unmask && this.mayUnmask());
    if (!masked) {
      if (!reason?.trim()) throw new AppError('reason_required', '导出未脱敏的个人信息须填写理由（将记入访问日志）');
      this.logUnmasked(rows.length, reason.trim());
    }
    const stamp = shanghaiText(this.clock()).slice(0, 10);
    let bytes: Buffer;
    if (format === 'xlsx') bytes = await casesXlsx(rows, masked);
    else if (format === 'csv') bytes = casesCsv(rows, masked, encoding);
    else bytes = Buffer.from(JSON.stringify(casesGeoJson(rows, masked)), 'utf8');
    return { fileName: `案件导出-${stamp}.${format}`, mime: MIME[format], dataBase64: bytes.toString('base64'), rows: rows.length, masked };
  }

  /** One page of the case table, always masked (a streamed export is for analysis, not for calling people back). */
  caseRows(filter: CaseFilter, offset: number, limit: number) {
    const page = this.cases.list(filter, offset, Math.min(limit, 500));
    const ids = page.rows.map((r) => r.id);
    // The list answers 500 at a time: a bigger page is several of its blocks.
    for (let at = offset + ids.length; ids.length < limit && at < page.total; at = offset + ids.length) {
      const more = this.cases.list(filter, at, Math.min(500, limit - ids.length)).rows;
      if (!more.length) break;
      ids.push(...more.map((r) => r.id));
    }
    const rows = this.rowsOf(ids);
    return {
      total: page.total,
      columns: CASE_COLUMNS.map((c) => ({ header: c.header, width: c.width, date: c.date === true })),
      rows: rows.map((r) => CASE_COLUMNS.map((c) => c.value(r, true))),
      points: rows.map((r): [number, number] | null => (r.lng !== null && r.lat !== null ? [r.lng, r.lat] : null)),
      masked: true,
    };
  }

  exportGrids(format: 'geojson' | 'kml', level: RegionLevel): ExportAnswer {
    const shapes = this.shapes(level);
    const text = format === 'geojson' ? JSON.stringify(shapesGeoJson(shapes)) : shapesKml(shapes, level);
    return { fileName: `${levelName(level)}边界.${format}`, mime: MIME[format], dataBase64: Buffer.from(text, 'utf8').toString('base64'), rows: shapes.length, masked: false };
  }

  /** The ids the case list would show for this filter, in its order (the list's own query decides). */
  private matchingIds(filter: CaseFilter): number[] {
    const ids: number[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = this.cases.list(filter, offset, 500);
      ids.push(...page.rows.map((r) => r.id));
      if (page.rows.length < 500 || ids.length >= page.total) return ids;
    }
  }
}

export async function casesXlsx(rows: ExportCaseRow[], masked: boolean): Promise<Buffer> {
  const book = new (excelJs().Workbook)();
  const sheet = book.addWorksheet('案件', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CASE_COLUMNS.map((c) => ({ header: c.header, width: c.width, style: c.date ? { numFmt: 'yyyy-mm-dd hh:mm' } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      CASE_COLUMNS.map((c) => {
        const value = c.value(row, masked);
        if (value === null) return null;
        if (c.date) return shanghaiExcelDate(value as number);
        return typeof value === 'string' ? neutraliseFormula(value) : value;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CASE_COLUMNS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function casesCsv(rows: ExportCaseRow[], masked: boolean, encoding: 'utf-8-bom' | 'gbk'): Buffer {
  const lines = [CASE_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) {
    lines.push(CASE_COLUMNS.map((c) => {
      const value = c.value(row, masked);
      return csvField(c.date && value !== null ? shanghaiText(value as number) : value);
    }).join(','));
  }
  const text = `${lines.join('\r\n')}\r\n`;
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export function casesGeoJson(rows: ExportCaseRow[], masked: boolean) {
  return {
    type: 'FeatureCollection',
    features: rows.filter((r) => r.lng !== null && r.lat !== null).map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
      properties: Object.fromEntries(CASE_COLUMNS.filter((c) => c.header !== '经度' && c.header !== '纬度').map((c) => {
        const value = c.value(r, masked);
        return [c.header, c.date && value !== null ? new Date(value as number).toISOString() : value];
      })),
    })),
  };
}

export function shapesGeoJson(shapes: RegionShape[]) {
  return {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({ type: 'Feature', geometry: s.geometry, properties: { id: s.id, code: s.code, name: s.name, level: s.level, parentId: s.parentId } })),
  };
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const ring = (points: [number, number][]) => points.map(([x, y]) => `${x},${y}`).join(' ');
function polygonKml(rings: [number, number][][]): string {
  const [outer, ...holes] = rings;
  return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(outer ?? [])}</coordinates></LinearRing></outerBoundaryIs>${holes
    .map((h) => `<innerBoundaryIs><LinearRing><coordinates>${ring(h)}</coordinates></LinearRing></innerBoundaryIs>`)
    .join('')}</Polygon>`;
}
function geometryKml(g: Geometry): string {
  switch (g.type) {
    case 'Polygon': return polygonKml(g.coordinates as [number, number][][]);
    case 'MultiPolygon': return `<MultiGeometry>${g.coordinates.map((p) => polygonKml(p as [number, number][][])).join('')}</MultiGeometry>`;
    case 'LineString': return `<LineString><coordinates>${ring(g.coordinates as [number, number][])}</coordinates></LineString>`;
    case 'MultiLineString': return `<MultiGeometry>${g.coordinates.map((l) => `<LineString><coordinates>${ring(l as [number, number][])}</coordinates></LineString>`).join('')}</MultiGeometry>`;
    case 'Point': return `<Point><coordinates>${g.coordinates[0]},${g.coordinates[1]}</coordinates></Point>`;
  }
}

export function shapesKml(shapes: RegionShape[], level: string): string {
  const placemarks = shapes.map((s) =>
    `<Placemark><name>${xml(s.name)}</name><ExtendedData><Data name="code"><value>${xml(s.code)}</value></Data></ExtendedData>${geometryKml(s.geometry)}</Placemark>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xml(level)}</name>${placemarks.join('\n')}</Document></kml>\n`;
}
