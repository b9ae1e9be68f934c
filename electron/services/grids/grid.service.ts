import type { CodeReport, RegionLevel, RegionPanel, TopologyReport } from '../../contract';
import { AppError } from '../shared/app-error';
import { maskPhone } from '../cases/personal-data';
import { OfficialCodes, planCodes, validateCodes, type CodeNode } from './db11-codes';
import { countKinds } from './grid-import.service';
import type { GridRepository } from './grid.repository';
import { checkTopology } from './topology';

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

  regenerateCodes(): CodeReport {
    const nodes = this.codeNodes();
    if (!nodes.some((n) => n.level === 'district')) throw new AppError('no_district', '没有区县级区域，无法按 DB11 编码');
    const plan = planCodes(nodes, this.official);
    this.repo.updateCodes(plan.changes, this.clock());
    const after = this.codeNodes();
    return {
      changed: plan.changes.size,
      changes: [...plan.changes].map(([regionId, c]) => ({ regionId, ...c })),
      warnings: plan.warnings,
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
