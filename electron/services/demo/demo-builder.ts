/**
 * Builds the demo workspace: 东城区 with real outline and street names/codes, derived streets,
 * communities and grids, generated people and a year of simulated cases with planted patterns.
 * Same seed, same bytes: everything random comes from the seeded Rng.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DurableDatabase, SNAPSHOT_FILE } from '../db/durable-database';
import { migrations } from '../db/migrations';
import { CaseLife } from './case-life';
import { CasePlanner, type PlantedSpot } from './case-plan';
import type { CaseRow, EventRow, WhistleRow } from './case-rows';
import { addDemoAccounts } from './demo-accounts';
import { DemoRepository, type CategoryInsert, type RegionInsert, type StreetLineInsert } from './demo.repository';
import { buildPeople, chiefsByLine, type Ids } from './people';
import { DEFAULT_CASE_COUNT, DEFAULT_SEED, DEMO_PERIOD, GEOMETRY_SEED, PLANTED_PATTERNS } from './patterns';
import { buildPlaces, type Places, type Shape } from './places';
import { Rng } from './rng';
import { loadSourceData } from './source-data';
import { TAXONOMY } from './taxonomy';
import { monthsBetween } from './time';

export const DEMO_NAME = '东城区（演示）';
export const WORKSPACE_FILE = 'workspace.json';
/**
 * Raised when the generator's output changes without a schema migration (2: the demo accounts;
 * 3: case numbers GD… as docs/case-numbers.md, were DC…), so that a development copy built earlier
 * is rebuilt on first use (ensure-demo.ts).
 */
export const DEMO_BUILD = 3;
/** Creation time of the demo's master data (regions, lines): before the first case. */
const MASTER_DATA_AT = DEMO_PERIOD.startMs - 61 * 86_400_000;

export interface BuildDemoOptions {
  /** Folder to create; it must not exist yet or be empty. */
  outDir: string;
  seed?: number;
  caseCount?: number;
  /** Folder with beijing/ and china/ (default ../shared/data from the working directory). */
  sharedDataDir?: string;
  log?: (message: string) => void;
}

export interface DemoBuildResult {
  outDir: string;
  seed: number;
  caseCount: number;
  counts: Record<string, number>;
  spots: PlantedSpot[];
  snapshotBytes: number;
  seconds: number;
}

export async function buildDemoWorkspace(options: BuildDemoOptions): Promise<DemoBuildResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const caseCount = options.caseCount ?? DEFAULT_CASE_COUNT;
  const sharedDataDir = options.sharedDataDir ?? path.resolve(process.cwd(), '../shared/data');
  const log = options.log ?? (() => {});
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(caseCount) || caseCount < 0) throw new Error(`caseCount must be a non-negative integer, got ${caseCount}`);
  if (fs.existsSync(options.outDir) && fs.readdirSync(options.outDir).length > 0) {
    throw new Error(`${options.outDir} is not empty; the demo is built into a new folder`);
  }

  const source = loadSourceData(sharedDataDir);
  const places = buildPlaces(source);
  log(`places: ${places.streets.length} streets (${secondsSince(started)} s)`);
  const ids = assignIds(places);
  const rng = new Rng(seed, 'demo');
  const people = buildPeople(places, ids, rng.fork('people'), DEMO_PERIOD.startMs);
  const categories = categoryRows(people.departmentByCode);
  const categoryIds = new Map(categories.map((c) => [c.code, c.id]));

  const planner = new CasePlanner(places, ids.region, monthsBetween(DEMO_PERIOD.firstMonth, DEMO_PERIOD.lastMonth), rng.fork('plan'));
  const { plans, spots } = planner.plan(caseCount);
  const life = new CaseLife(people, categoryIds, DEMO_PERIOD.endMs, rng.fork('life'));
  const cases: CaseRow[] = [];
  const events: EventRow[] = [];
  const whistles: WhistleRow[] = [];
  plans.forEach((plan, index) => {
    const simulated = life.simulate(plan, index + 1);
    cases.push(simulated.row);
    for (const event of simulated.events) events.push(event);
    if (simulated.whistle) whistles.push(simulated.whistle);
  });
  log(`simulated ${cases.length} cases, ${events.length} events (${secondsSince(started)} s)`);

  fs.mkdirSync(options.outDir, { recursive: true });
  const db = await DurableDatabase.open(options.outDir, { migrations });
  let counts: Record<string, number>;
  try {
    counts = db.transaction((tx) => {
      const repo = new DemoRepository(tx);
      repo.regions(regionRows(places, ids));
      repo.departments(people.departments);
      repo.staff(people.staff);
      repo.streetLines(lineRows(places, ids, chiefsByLine(people, ids)));
      repo.duties(people.duties);
      repo.categories(categories);
      repo.cases(cases);
      repo.events(events);
      repo.whistles(whistles);
      repo.meta('name', DEMO_NAME);
      repo.meta('is_demo', '1');
      repo.meta('provenance', JSON.stringify(provenance(seed)));
      repo.meta('demo_seed', String(seed));
      repo.meta('demo_case_count', String(caseCount));
      repo.meta('demo_period', JSON.stringify(DEMO_PERIOD));
      repo.meta('planted_patterns', JSON.stringify({ ...PLANTED_PATTERNS, resolvedHotSpots: spots }));
      return repo.counts();
    });
    counts.accounts = (await addDemoAccounts(db, people, MASTER_DATA_AT)).length;
    log(`inserted (${secondsSince(started)} s)`);
  } finally {
    await db.close();
  }
  fs.writeFileSync(
    path.join(options.outDir, WORKSPACE_FILE),
    `${JSON.stringify({ format: 'griddesk-workspace', version: 1, name: DEMO_NAME, demo: true, build: DEMO_BUILD })}\n`,
  );
  const snapshotBytes = fs.statSync(path.join(options.outDir, SNAPSHOT_FILE)).size;
  return { outDir: options.outDir, seed, caseCount, counts, spots, snapshotBytes, seconds: Number(secondsSince(started)) };
}

function secondsSince(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(1);
}

/** Regions get ids in code order (district, streets, communities, grids), lines in code order too. */
function assignIds(places: Places): Ids {
  const region = new Map<string, number>();
  const add = (code: string) => region.set(code, region.size + 1);
  add(places.district.code);
  for (const street of places.streets) add(street.code);
  for (const street of places.streets) for (const community of street.communities) add(community.code);
  for (const street of places.streets) for (const community of street.communities) for (const grid of community.grids) add(grid.code);
  const line = new Map<string, number>();
  for (const street of places.streets) for (const l of street.lines) line.set(l.code, line.size + 1);
  return { region, line };
}

function regionRows(places: Places, ids: Ids): RegionInsert[] {
  const row = (shape: Shape, level: RegionInsert['level'], parentCode: string | null): RegionInsert => ({
    id: ids.region.get(shape.code)!, parentId: parentCode ? ids.region.get(parentCode)! : null, level, code: shape.code,
    name: shape.name, geometry: JSON.stringify(shape.geometry), bbox: shape.bbox, centroid: shape.label,
    areaM2: Math.round(shape.areaM2 * 10) / 10, households: shape.households,
    // The district's outline is real; every lower level's geometry is derived (names of streets are real).
    provenance: level === 'district' ? 'official' : 'derived', at: MASTER_DATA_AT,
  });
  const rows = [row(places.district, 'district', null)];
  for (const street of places.streets) rows.push(row(street, 'street', places.district.code));
  for (const street of places.streets) for (const c of street.communities) rows.push(row(c, 'community', street.code));
  for (const street of places.streets) {
    for (const c of street.communities) for (const g of c.grids) rows.push(row(g, 'grid', c.code));
  }
  return rows.sort((a, b) => a.id - b.id);
}

function lineRows(places: Places, ids: Ids, chiefs: Map<string, number>): StreetLineInsert[] {
  return places.streets.flatMap((street) =>
    street.lines.map((line) => ({
      id: ids.line.get(line.code)!, code: line.code, name: line.name, streetId: ids.region.get(street.code)!,
      geometry: JSON.stringify({ type: 'LineString', coordinates: line.coordinates }), bbox: line.bbox,
      lengthM: line.lengthM, chiefStaffId: chiefs.get(line.code) ?? null, at: MASTER_DATA_AT,
    })),
  );
}

function categoryRows(departments: Map<string, { id: number }>): CategoryInsert[] {
  const rows: CategoryInsert[] = [];
  for (const major of TAXONOMY) {
    const parentId = rows.length + 1;
    rows.push({
      id: parentId, code: major.code, parentId: null, level: 1, name: major.name, nameEn: major.nameEn, kind: major.kind,
      defaultDepartmentId: null, responseLimitHours: null, handlingLimitDays: null, timeBasis: 'working',
    });
    for (const minor of major.children) {
      rows.push({
        id: rows.length + 1, code: minor.code, parentId, level: 2, name: minor.name, nameEn: minor.nameEn, kind: major.kind,
        defaultDepartmentId: departments.get(minor.department)!.id, responseLimitHours: minor.responseHours,
        handlingLimitDays: minor.handlingDays, timeBasis: minor.basis ?? 'working',
      });
    }
  }
  return rows;
}

/** Shown under the 演示数据 badge: what is real public data, what is derived, what is invented. */
function provenance(seed: number): { part: string; kind: 'real' | 'derived' | 'generated'; source: string }[] {
  return [
    { part: '东城区轮廓', kind: 'real', source: '阿里云 DataV 地理工具北京市区划轮廓（GCJ-02 坐标已转换为 WGS84）' },
    { part: '区名称与代码（110101 东城区）', kind: 'real', source: '国家标准《中华人民共和国行政区划代码》（GB/T 2260）' },
    { part: '17 个街道的名称与代码', kind: 'real', source: '全国乡镇级行政区划代码公开数据集（依据 GB/T 2260）' },
    { part: '街道边界', kind: 'derived', source: `以各街道办事处大致位置对真实轮廓做泰森多边形划分（随机种子 ${GEOMETRY_SEED}），非官方边界` },
    { part: '社区、网格边界与编码', kind: 'derived', source: `嵌套泰森多边形划分（随机种子 ${GEOMETRY_SEED}）；编码按北京市地方标准规则，序号自西向东、自北向南` },
    { part: '社区名称、街巷、门牌、户数', kind: 'generated', source: '由北京地名常用字组合生成，非真实社区名单' },
    { part: '街巷（线）', kind: 'generated', source: '各街道内生成的线段与名称' },
    { part: '部门', kind: 'generated', source: '典型的区级部门与公共服务企业；电话为虚构' },
    { part: '人员与在岗安排', kind: 'generated', source: `虚构姓名与电话（随机种子 ${seed}）` },
    { part: '问题分类', kind: 'generated', source: '参照 GB/T 30428、CJ/T 214 与北京 12345 分类；时限为合理取值，非官方' },
    { part: '案件、处置过程、吹哨', kind: 'generated', source: `模拟 ${DEMO_PERIOD.firstMonth} 至 ${DEMO_PERIOD.lastMonth} 的案件（随机种子 ${seed}），内置若干热点、周期与异常规律供分析演示` },
  ];
}
