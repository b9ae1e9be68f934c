import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportCaseField } from '../../electron/contract';
import { ImportRepository } from '../../electron/services/import/import.repository';
import { ImportService } from '../../electron/services/import/import.service';
import { Workspace } from '../../electron/services/workspace/workspace';
import { bostonCsv, loadBostonGrids } from '../fixtures/boston';

/**
 * How well the automatic mapping reads files nobody prepared: the real Boston year with its
 * headers renamed to other cities' and systems' conventions (and reordered, or with no usable
 * names at all). For each variant, the key fields the suggestion gets right. 3,000 rows picked
 * across the whole file with a fixed seed (the file is grouped by case type, so its first rows
 * would all be one type: an unsorted export's first rows are what the wizard samples).
 */
const KEY_FIELDS = ['receivedAt', 'category', 'title', 'coordinates', 'address', 'externalNo', 'status', 'closedAt'] as const;
type KeyField = (typeof KEY_FIELDS)[number];
const TRUTH: Record<Exclude<KeyField, 'coordinates'>, string> & { lat: string; lng: string; point: string } = {
  receivedAt: 'OPEN_DT', category: 'TYPE', title: 'CASE_TITLE', address: 'Location', externalNo: 'CASE_ENQUIRY_ID', status: 'CASE_STATUS',
  closedAt: 'CLOSED_DT', lat: 'LATITUDE', lng: 'LONGITUDE', point: 'Geocoded_Location',
};

interface Variant {
  name: string;
  rename: Record<string, string>;
  /** Rename every other column too (e.g. to snake_case). */
  others?: (header: string, index: number) => string;
  order?: 'reverse' | 'shuffle';
  /** Boston columns this system does not have. */
  drop?: string[];
  /** Minimum fields right out of 8, as measured (a lower count is a regression). */
  floor: number;
}

const VARIANTS: Variant[] = [
  { name: 'Boston 311 (original)', rename: {}, floor: 8 },
  {
    name: 'NYC 311', floor: 8,
    rename: {
      CASE_ENQUIRY_ID: 'Unique Key', OPEN_DT: 'Created Date', CLOSED_DT: 'Closed Date', TARGET_DT: 'Due Date', CASE_STATUS: 'Status', TYPE: 'Complaint Type',
      CASE_TITLE: 'Descriptor', Department: 'Agency', Location: 'Incident Address', LATITUDE: 'Latitude', LONGITUDE: 'Longitude', Geocoded_Location: 'Location',
      Source: 'Open Data Channel Type', neighborhood: 'Borough', LOCATION_STREET_NAME: 'Street Name', LOCATION_ZIPCODE: 'Incident Zip', CLOSURE_REASON: 'Resolution Description',
    },
  },
  {
    name: 'Chicago 311', floor: 7,
    rename: {
      CASE_ENQUIRY_ID: 'SR_NUMBER', OPEN_DT: 'CREATED_DATE', CLOSED_DT: 'CLOSED_DATE', TARGET_DT: 'DUE_DATE', CASE_STATUS: 'STATUS', TYPE: 'SR_TYPE',
      CASE_TITLE: 'SR_SHORT_DESCRIPTION', Department: 'OWNER_DEPARTMENT', Location: 'STREET_ADDRESS', Geocoded_Location: 'LOCATION', Source: 'ORIGIN',
      neighborhood: 'COMMUNITY_AREA', ward: 'WARD', LOCATION_ZIPCODE: 'ZIP_CODE',
    },
  },
  {
    name: 'San Francisco 311', floor: 8,
    rename: {
      CASE_ENQUIRY_ID: 'CaseID', OPEN_DT: 'Opened', CLOSED_DT: 'Closed', TARGET_DT: 'Updated', CASE_STATUS: 'Status', CLOSURE_REASON: 'Status Notes',
      Department: 'Responsible Agency', REASON: 'Category', TYPE: 'Request Type', CASE_TITLE: 'Request Details', Location: 'Address', Geocoded_Location: 'Point',
      neighborhood: 'Neighborhood', police_district: 'Police District', SUBJECT: 'Service Subtype',
    },
  },
  {
    name: '12345 热线导出（中文）', floor: 8,
    rename: {
      CASE_ENQUIRY_ID: '工单编号', OPEN_DT: '受理时间', CLOSED_DT: '办结时间', TARGET_DT: '办理时限', CASE_STATUS: '工单状态', REASON: '诉求大类', TYPE: '诉求类别',
      CASE_TITLE: '工单标题', Location: '事发地址', LATITUDE: '纬度', LONGITUDE: '经度', Department: '承办单位', CLOSURE_REASON: '办理结果', Source: '来源渠道',
      neighborhood: '所属区域', Geocoded_Location: '坐标', SUBJECT: '主办部门', QUEUE: '处理队列', OnTime_Status: '是否超期',
    },
  },
  {
    name: 'abbreviations', floor: 8,
    rename: {
      CASE_ENQUIRY_ID: 'CaseNo', OPEN_DT: 'RcvdDt', CLOSED_DT: 'ClsDt', TARGET_DT: 'DueDt', CASE_STATUS: 'Stat', TYPE: 'Typ', CASE_TITLE: 'Ttl', Location: 'Addr',
      LATITUDE: 'Lat', LONGITUDE: 'Lon', Department: 'Dept', Source: 'Src', Geocoded_Location: 'GeoLoc', CLOSURE_REASON: 'ClsRsn', REASON: 'Rsn', SUBJECT: 'Subj',
    },
  },
  {
    name: '12345 另一种导出（中文，别的叫法）', floor: 7,
    rename: {
      CASE_ENQUIRY_ID: '流水号', OPEN_DT: '来电日期', CLOSED_DT: '结单时间', TARGET_DT: '要求办结时间', CASE_STATUS: '处理结果', REASON: '一级分类', SUBJECT: '二级分类',
      TYPE: '三级分类', CASE_TITLE: '诉求摘要', Location: '问题发生地', Department: '派单单位', LATITUDE: 'Y', LONGITUDE: 'X', Geocoded_Location: '位置',
      CLOSURE_REASON: '回复内容', Source: '渠道',
    },
  },
  { name: 'point as text only (no lat/lng columns)', rename: { Geocoded_Location: 'the_geom' }, drop: ['LATITUDE', 'LONGITUDE'], floor: 8 },
  { name: 'snake_case, reversed order', rename: {}, others: (h) => h.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(), order: 'reverse', floor: 8 },
  { name: 'no usable headers (col_1…), shuffled', rename: {}, others: (_h, i) => `col_${i + 1}`, order: 'shuffle', floor: 8 },
];

/** A deterministic generator (mulberry32), so the sample and the shuffle are the same every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('automatic mapping on the Boston year under other names', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-mapping-'));
  let header: string[];
  let sample: string[][];
  let workspace: Workspace;
  let service: ImportService;

  beforeAll(async () => {
    const all = parse(fs.readFileSync(bostonCsv(scratch)), { relax_column_count: true }) as string[][];
    header = all[0]!;
    const rand = random(13);
    const picked = new Set<number>();
    while (picked.size < 3000) picked.add(1 + Math.floor(rand() * (all.length - 1)));
    sample = [...picked].map((i) => all[i]!);
    workspace = await Workspace.open(path.join(scratch, 'ws'), { create: true });
    loadBostonGrids(workspace.db);
    service = new ImportService(new ImportRepository(workspace.db), workspace.dir);
  }, 120_000);
  afterAll(async () => {
    await workspace.close({ checkpoint: false });
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('gets at least the measured number of key fields right in every variant, and prints the table', () => {
    const table: { variant: string; right: number; fields: Record<KeyField, string> }[] = [];
    for (const variant of VARIANTS) {
      const names = header.map((h, i) => variant.rename[h] ?? (variant.others ? variant.others(h, i) : h));
      let order = header.map((_, i) => i).filter((i) => !variant.drop?.includes(header[i]!));
      if (variant.order === 'reverse') order.reverse();
      if (variant.order === 'shuffle') {
        const rand = random(7);
        order = order.map((i) => ({ i, k: rand() })).sort((a, b) => a.k - b.k).map((x) => x.i);
      }
      const file = path.join(scratch, `${table.length}.csv`);
      const lines = [order.map((i) => csvField(names[i]!)), ...sample.map((row) => order.map((i) => csvField(row[i] ?? '')))].map((cells) => cells.join(','));
      fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
      const { columns } = service.inspect({ path: file }, {}).mapping;
      const nameOf = (boston: string) => names[header.indexOf(boston)]!;
      const right = (field: Exclude<KeyField, 'coordinates'>) => columns[field as ImportCaseField] === nameOf(TRUTH[field]);
      const coordinates =
        (columns.lat === nameOf(TRUTH.lat) && columns.lng === nameOf(TRUTH.lng)) ||
        (columns.lat === undefined && columns.lng === undefined && columns.point === nameOf(TRUTH.point));
      const fields = Object.fromEntries(
        KEY_FIELDS.map((f) => {
          const ok = f === 'coordinates' ? coordinates : right(f);
          const got = f === 'coordinates' ? `${columns.lat ?? '—'}/${columns.lng ?? '—'}${columns.point ? ` +${columns.point}` : ''}` : columns[f as ImportCaseField] ?? '—';
          return [f, `${ok ? '✓' : '✗'} ${got}`];
        }),
      ) as Record<KeyField, string>;
      table.push({ variant: variant.name, right: Object.values(fields).filter((v) => v.startsWith('✓')).length, fields });
    }
    const lines = table.map((t) => `| ${t.variant} | ${t.right}/8 | ${KEY_FIELDS.map((f) => t.fields[f]).join(' | ')} |`);
    console.log([`| variant | right | ${KEY_FIELDS.join(' | ')} |`, `|---|---|${KEY_FIELDS.map(() => '---').join('|')}|`, ...lines].join('\n'));
    for (const [k, t] of table.entries()) expect(t.right, t.variant).toBeGreaterThanOrEqual(VARIANTS[k]!.floor);
  }, 120_000);
});
