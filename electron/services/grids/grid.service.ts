import type { CodeReport, RegionLevel, RegionPanel, TopologyReport } from '../../contract';
import { AppError } from '../shared/app-error';
import { maskPhone } from '../cases/personal-data';
import { OfficialCodes, planCodes, validateCodes, type CodeNode, type CodePlan } from './db11-codes';
import { countKinds } from './grid-import.service';
import type { GridRepository } from './grid.repository';
import type { DeletedRegion } from './region-edits.repository';
import { checkTopology } from './topology';

/**
 * Which renames other desks can follow: a grid's, to a code never used here, from a code no region
 * takes over, under a parent that keeps its code. `travelling` as region-edits.repository logs them.
 */
function followable(nodes: CodeNode[], changes: CodePlan['changes'], reserved: ReadonlySet<string>): { travelling: DeletedRegion[]; local: number[] } {
  const current = new Set(nodes.map((n) => n.code));
  const next = new Set([...changes.values()].map((c) => c.to));
  const travelling: DeletedRegion[] = [];
  const local: number[] = [];
  for (const n of nodes) {
    const change = changes.get(n.id);
    if (!change) continue;
    const ok = n.level === 'grid' && (n.parentId === null || !changes.has(n.parentId))
      && !current.has(change.to) && !reserved.has(change.to) && !next.has(change.from);
    if (ok) travelling.push({ id: n.id, parentId: n.parentId, level: n.level, code: change.from, name: n.name, into: n.id });
    else local.push(n.id);
  }
  return { travelling, local };
}

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' });
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** [start, end) of the Asia/Shanghai calendar month holding `t`, and its YYYY-MM. */
export function shanghaiMonth(t: number): { month: string; start: number; end: number } {
  const month = monthFormat.format(t).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { month, start: Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS, end: Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS };
}

/** Topology, codes and the region panel over the stored region tree. */
export class GridService {
  constructor(
    private readonly repo: GridRepository,
    /** The three rates of a region for a month: RatesService.regionRates. */
    private readonly regionRates: (
      level: RegionLevel,
      regionId: number,
      month: string,
    ) => { cases: number; response: number | null; resolution: number | null; satisfaction: number | null },
    private readonly official: OfficialCodes = OfficialCodes.beijing(),
    private readonly clock: () => number = Date.now,
  ) {}

  check(level?: RegionLevel): TopologyReport {
    // A level's gaps are judged inside its parents, so the parents come along.
    const levels: RegionLevel[] | undefined = level
      ? [level, ...(({ district: [], street: ['district'], community: ['street'], grid: ['community'] } as const)[level])]
      : undefined;
    const regions = this.repo.regions(levels);
    const inScope = level ? regions.filter((r) => r.level === level || regions.some((c) => c.level === level && c.parentId === r.id)) : regions;
    const problems = checkTopology(inScope).filter((p) => !level || p.level === level || p.kind === 'gap');
    return { checkedRegions: inScope.length, counts: countKinds(problems), problems };
  }

  validateCodes(): CodeReport {
    return { changed: 0, changes: [], warnings: [], problems: validateCodes(this.codeNodes(), this.official) };
  }

  /**
   * 规范编码. Codes are how desks name regions to each other, so a renamed code travels as the region
   * under its new code plus the old code deleted into it (every desk moves what it holds there). That
   * is only right when no code is reused (renumbering in reading order gives one grid's code to
   * another) and the parent keeps its code: a desk that shares its regions makes only such renames,
   * keeping its valid grid codes, and names the rest in the warnings; a desk that shares nothing
   * renumbers everything, the reusing renames staying its own.
   */
  regenerateCodes(): CodeReport {
    const nodes = this.codeNodes();
    if (!nodes.some((n) => n.level === 'district')) throw new AppError('no_district', '没有区县级区域，无法按 DB11 编码');
    const shares = this.repo.sharesRegions();
    const reserved = this.repo.loggedCodes();
    const plan = planCodes(nodes, this.official, shares ? { keepValidGrids: true, reserved } : { reserved });
    const { travelling, local } = followable(nodes, plan.changes, reserved);
    const warnings = [...plan.warnings];
    if (shares && local.length > 0) {
      for (const id of local) plan.changes.delete(id);
      const names = new Map(nodes.map((n) => [n.id, n.name]));
      warnings.push(`本工作站已与其他工作站共享区域，以下 ${local.length} 个代码变更会重用代码或改变上级代码，其他工作站无法跟随，未执行：${local.slice(0, 20).map((id) => names.get(id)).join('、')}`);
    }
    this.repo.updateCodes(plan.changes, travelling.filter((r) => plan.changes.has(r.id)), this.clock());
    const after = this.codeNodes();
    return {
      changed: plan.changes.size,
      changes: [...plan.changes].map(([regionId, c]) => ({ regionId, ...c })),
      warnings,
      problems: validateCodes(after, this.official),
    };
  }

  unstaffedGrids(): number[] {
    const staffed = this.repo.staffedGridIds(this.clock());
    return this.repo.codeRows().filter((r) => r.level === 'grid' && !staffed.has(r.id)).map((r) => r.id);
  }

  /** Staff on duty, open and overdue cases, and the month's three rates (by the ranking's rules). */
  panel(regionId: number): RegionPanel {
    const rows = this.repo.codeRows();
    const region = rows.find((r) => r.id === regionId);
    if (!region) throw new AppError('not_found', `没有 id 为 ${regionId} 的区域`);
    const now = this.clock();
    const descendants = new Set<number>([regionId]);
    for (const r of rows) if (r.parentId !== null && descendants.has(r.parentId)) descendants.add(r.id);
    const grids = rows.filter((r) => r.level === 'grid' && descendants.has(r.id)).map((r) => r.id);
    const staffed = this.repo.staffedGridIds(now);
    const unstaffedGrids = grids.filter((id) => !staffed.has(id)).length;
    // Staff listed: on this region itself (grids) or, for a street, its chiefs and stewards too.
    const staff = this.repo.dutyIn([regionId], now).map((d) => ({
      staffId: d.staffId, name: d.name, role: d.role, phone: maskPhone(d.phone), duty: d.duty as RegionPanel['staff'][number]['duty'], streetLineName: d.streetLineName,
    }));
    const latest = this.repo.latestCaseAt();
    const { month } = shanghaiMonth(latest !== null && latest < shanghaiMonth(now).start ? latest : now);
    const counts = this.repo.openCounts(region.level, regionId, now);
    const rates = this.regionRates(region.level, regionId, month);
    return {
      regionId, staff,
      unstaffed: region.level === 'grid' ? !staffed.has(regionId) : unstaffedGrids > 0,
      unstaffedGrids, openCases: counts.open, overdueCases: counts.overdue,
      month, monthCases: rates.cases,
      responseRate: rates.response,
      resolutionRate: rates.resolution,
      satisfactionRate: rates.satisfaction,
    };
  }

  private codeNodes(): CodeNode[] {
    return this.repo.codeRows().map((r) => ({
      id: r.id, parentId: r.parentId, level: r.level, name: r.name, code: r.code,
      centroid: r.centroidLng !== null && r.centroidLat !== null ? [r.centroidLng, r.centroidLat] : null,
      height: r.minLat !== null && r.maxLat !== null ? r.maxLat - r.minLat : 0,
    }));
  }
}
