// Beijing's grid codes (DB11): 15 digits = 6-digit district (GB/T 2260) + 3 street/township +
// 3 community + 3 grid serial, serials running west→east, north→south. Pure: nodes in, codes out.
import type { RegionLevel } from '../../contract';
import beijing from './data/beijing-official-codes.json';

export interface CodeNode {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  name: string;
  code: string;
  /** WGS84 centroid [lng, lat]; null for regions without a shape. */
  centroid: [number, number] | null;
  /** Height of the bounding box in degrees (sets the row height). */
  height: number;
}

export const CODE_LENGTH: Record<RegionLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

/** Official district and street/township codes (GB/T 2260 and the national township list). */
export class OfficialCodes {
  constructor(
    readonly districts: ReadonlyMap<string, string>,
    readonly streets: ReadonlyMap<string, string>,
  ) {}

  /** The Beijing subset shipped with the app (data/beijing-official-codes.json says where from). */
  static beijing(): OfficialCodes {
    return new OfficialCodes(new Map(Object.entries(beijing.districts)), new Map(Object.entries(beijing.streets)));
  }

  /** From the two CSVs of ../shared/data/china (code,"name",…), for districts outside Beijing. */
  static fromCsv(countiesCsv: string, streetsCsv: string): OfficialCodes {
    const rows = (csv: string) =>
      csv.split(/\r?\n/).slice(1).map((line) => /^(\d+),"?([^",]*)"?/.exec(line)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!] as [string, string]);
    return new OfficialCodes(new Map(rows(countiesCsv)), new Map(rows(streetsCsv)));
  }

  /** The official street code of a street with this name in this district, if there is one. */
  streetCodeByName(districtCode: string, name: string): string | undefined {
    for (const [code, official] of this.streets) if (code.startsWith(districtCode) && official === name) return code;
    return undefined;
  }
}

/**
 * West→east, north→south: centroids are put in rows (north first) whose height is the median
 * height of the shapes being numbered, then read west to east within each row, like text.
 */
export function readingOrder<T extends Pick<CodeNode, 'id' | 'centroid' | 'height'>>(nodes: T[]): T[] {
  const placed = nodes.filter((n) => n.centroid);
  const unplaced = nodes.filter((n) => !n.centroid).sort((a, b) => a.id - b.id);
  if (!placed.length) return unplaced;
  const heights = placed.map((n) => n.height).filter((h) => h > 0).sort((a, b) => a - b);
  const band = heights.length ? heights[Math.floor(heights.length / 2)]! : 1;
  const north = Math.max(...placed.map((n) => n.centroid![1]));
  const row = (n: T) => Math.round((north - n.centroid![1]) / band);
  const sorted = [...placed].sort((a, b) => row(a) - row(b) || a.centroid![0] - b.centroid![0] || a.id - b.id);
  return [...sorted, ...unplaced];
}

const pad3 = (n: number) => String(n).padStart(3, '0');
/** `<parent code>-<6 hex of the workspace id>-<serial>`: a region drawn or imported without codes on a workstation. */
const PROVISIONAL = /^[^-]+-[0-9a-f]{6}-\d+$/;

export interface CodePlan {
  /** New code per region id (only regions whose code changes). */
  changes: Map<number, { from: string; to: string }>;
  warnings: string[];
}

export interface PlanOptions {
  /** Keep grid codes that already fit their community (a desk that shares its grids: renumbering them would reuse codes). */
  keepValidGrids?: boolean;
  /** Codes never to hand out (named by the region edit log). */
  reserved?: ReadonlySet<string>;
}

/** New codes for the whole tree under one district. Grids are renumbered in reading order unless kept. */
export function planCodes(nodes: CodeNode[], official: OfficialCodes, options: PlanOptions = {}): CodePlan {
  const warnings: string[] = [];
  const code = new Map<number, string>(nodes.map((n) => [n.id, n.code]));
  const children = (id: number | null) => nodes.filter((n) => n.parentId === id);
  for (const district of nodes.filter((n) => n.level === 'district')) {
    if (!official.districts.has(district.code)) {
      warnings.push(`${district.name}：区县代码 ${district.code} 不在 GB/T 2260 代码表中，无法编码其下级`);
      continue;
    }
    const streets = children(district.id).filter((n) => n.level === 'street');
    const usedStreets = new Set<string>();
    const unmatched: CodeNode[] = [];
    for (const street of streets) {
      const byName = official.streetCodeByName(district.code, street.name);
      const keep = official.streets.has(street.code) && street.code.startsWith(district.code) ? street.code : undefined;
      const chosen = byName ?? keep;
      if (chosen && !usedStreets.has(chosen)) {
        usedStreets.add(chosen);
        code.set(street.id, chosen);
      } else unmatched.push(street);
    }
    // Streets the official list does not know get provisional serials from 900 up, and a warning.
    let next = 900;
    for (const street of readingOrder(unmatched)) {
      while (usedStreets.has(district.code + pad3(next))) next++;
      const provisional = district.code + pad3(next++);
      usedStreets.add(provisional);
      code.set(street.id, provisional);
      warnings.push(`${street.name}：官方街道/乡镇代码表中没有同名街道，暂用 ${provisional}`);
    }
    for (const street of streets) numberChildren(street, 'community', code, children, warnings, true, options);
  }
  const changes = new Map<number, { from: string; to: string }>();
  for (const n of nodes) if (code.get(n.id) !== n.code) changes.set(n.id, { from: n.code, to: code.get(n.id)! });
  return { changes, warnings };
}

function numberChildren(
  parent: CodeNode, level: 'community' | 'grid', code: Map<number, string>,
  children: (id: number | null) => CodeNode[], warnings: string[], keepValid: boolean, options: PlanOptions,
): void {
  const prefix = code.get(parent.id)!;
  const kids = children(parent.id).filter((n) => n.level === level);
  const used = new Set<string>();
  const todo: CodeNode[] = [];
  for (const kid of readingOrder(kids)) {
    // Community codes that already fit their street are kept (they may be official); grids are renumbered.
    const current = kid.code;
    const fits = keepValid && current.length === CODE_LENGTH[level] && /^\d+$/.test(current) && current.startsWith(prefix) && current.slice(-3) !== '000';
    if (fits && !used.has(current)) used.add(current);
    else todo.push(kid);
  }
  let serial = 1;
  for (const kid of todo) {
    while (used.has(prefix + pad3(serial)) || options.reserved?.has(prefix + pad3(serial))) serial++;
    if (serial > 999) {
      warnings.push(`${parent.name}：下级超过 999 个，无法编码 ${kid.name}`);
      continue;
    }
    const next = prefix + pad3(serial++);
    used.add(next);
    code.set(kid.id, next);
  }
  if (level === 'community') for (const kid of kids) numberChildren(kid, 'grid', code, children, warnings, options.keepValidGrids ?? false, options);
}

export interface CodeProblem {
  regionId: number;
  name: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

/** Checks every code against its level, its parent and the official tables. */
export function validateCodes(nodes: CodeNode[], official: OfficialCodes): CodeProblem[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const problems: CodeProblem[] = [];
  const add = (n: CodeNode, severity: CodeProblem['severity'], message: string) =>
    problems.push({ regionId: n.id, name: n.name, code: n.code, severity, message });
  for (const n of nodes) {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    // A region drawn, split off or imported without codes on a workstation (provisionalCode) until the district numbers it.
    if (PROVISIONAL.test(n.code) && (!parent || n.code.startsWith(`${parent.code}-`))) {
      add(n, 'warning', `${n.name} 的代码 ${n.code} 是工作站绘制或导入时给的临时代码，待统一编码`);
      continue;
    }
    if (!/^\d+$/.test(n.code) || n.code.length !== CODE_LENGTH[n.level]) {
      add(n, 'error', `${n.name} 的代码 ${n.code} 应为 ${CODE_LENGTH[n.level]} 位数字`);
      continue;
    }
    if (parent && !n.code.startsWith(parent.code)) add(n, 'error', `${n.name} 的代码 ${n.code} 不以上级 ${parent.name} 的代码 ${parent.code} 开头`);
    if (n.level === 'district' && !official.districts.has(n.code)) add(n, 'error', `${n.name}：区县代码 ${n.code} 不在 GB/T 2260 代码表中`);
    if (n.level === 'street') {
      const officialName = official.streets.get(n.code);
      if (!officialName) add(n, 'error', `${n.name}：街道代码 ${n.code} 不在官方街道/乡镇代码表中`);
      else if (officialName !== n.name) add(n, 'warning', `${n.name}：代码 ${n.code} 在官方代码表中是「${officialName}」`);
    }
    if ((n.level === 'community' || n.level === 'grid') && n.code.endsWith('000')) add(n, 'error', `${n.name}：序号不能为 000`);
  }
  // Grid serials must follow the reading order within each community.
  const communities = nodes.filter((n) => n.level === 'community');
  for (const c of communities) {
    const grids = nodes.filter((n) => n.parentId === c.id && n.level === 'grid');
    const expected = readingOrder(grids).map((g) => g.id);
    const actual = [...grids].sort((a, b) => a.code.localeCompare(b.code)).map((g) => g.id);
    const first = actual.findIndex((id, i) => id !== expected[i]);
    if (first >= 0) {
      const g = byId.get(actual[first]!)!;
      add(g, 'warning', `${c.name} 的网格序号未按自西向东、自北向南排列（从 ${g.code} 起）`);
    }
  }
  return problems;
}
