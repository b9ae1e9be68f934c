/**
 * The city's heat from the hub (issue 14): cases per 0.0005° cell read from migration 007's
 * aggregates (or from the case rows for a source or a department's cases), turned into the same kernel-density
 * raster as the workstation's heat panel, the cells' centres weighted by their cases. Within the
 * person's region scope, as the hub's case lists are; months marked as the hub's data cover them.
 */
import type pg from 'pg';
import type { AnalyticsFilter, HubHeat, Scope } from '../../contract';
import { densityRaster } from '../analytics/analytics.service';
import type { Kernel } from '../analytics/kde';
import { coverageOf, keyOfLabel, monthCoverage } from '../analytics/month-coverage';
import { AppError } from '../shared/app-error';
import { withHubClient } from './hub-reader';
import type { HubCaseNamesRepository } from './hub-case-names.repository';
import {
  HUB_HEAT_CELLS_PER_DEGREE, answersFromAggregate, heatCellsFromAggregate, heatCellsFromCases, type HubHeatCell, type HubHeatCodesRepository,
  type HubHeatQuery,
} from './hub-heat.repository';
import { hubMonthCounts } from './hub-rates.repository';
import type { HubScope } from './hub.repository';

export interface HubHeatDeps {
  /** A reader's connection to the hub (HubLinkService.openConnection): refused while the link is not connected. */
  open: () => Promise<pg.Client>;
  codes: HubHeatCodesRepository;
  names: Pick<HubCaseNamesRepository, 'scopeCodes'>;
  scope: () => Scope;
  now: () => number;
}

export interface HubHeatInput {
  filter: Omit<AnalyticsFilter, 'from' | 'to'>;
  fromMonth?: string;
  toMonth?: string;
  bandwidthM: number;
  kernel: Kernel;
}

/** Share of the cases left out at each edge when framing the raster: a few mistyped coordinates far away must not blur the city. */
const EDGE_TRIM = 0.001;

export class HubHeatService {
  constructor(private readonly deps: HubHeatDeps) {}

  async heat(input: HubHeatInput): Promise<HubHeat> {
    const query = this.query(input);
    const from = answersFromAggregate(query) ? 'aggregate' : 'cases';
    const { cells, counts } = await this.withClient(async (client) => ({
      cells: await (from === 'cases' ? heatCellsFromCases(client, query) : heatCellsFromAggregate(client, query)),
      counts: await hubMonthCounts(client),
    }));
    const now = this.deps.now();
    const coverage = monthCoverage(new Map(counts.months.map((m) => [keyOfLabel(m.month), m.cases])), counts.lastAt ?? 0, now);
    const single = input.fromMonth && input.fromMonth === input.toMonth ? coverageOf(coverage, input.fromMonth, now) : null;
    // The cells' extent; this desk's own area when the hub has no such cases.
    const bbox = heatFrame(cells) ?? this.deps.codes.extent();
    return { ...rasterOf(cells, bbox, input), months: coverage.months, month: single, from, at: now };
  }

  /** The filter as the hub's codes, within the person's places. */
  query(input: HubHeatInput): HubHeatQuery {
    const { categoryId, source, regionId } = input.filter;
    const area = regionId === undefined ? undefined : this.deps.codes.region(regionId);
    if (regionId !== undefined && !area) throw new AppError('not_found', '没有该区域 / No such area');
    return {
      fromMonth: input.fromMonth, toMonth: input.toMonth, area, scope: this.readerScope(), sources: source,
      categories: categoryId === undefined ? undefined : this.deps.codes.categoryCodes(categoryId),
    };
  }

  /** The person's scope as the hub's codes (undefined: every case), as the hub's case lists read it. */
  private readerScope(): HubScope | undefined {
    return this.deps.names.scopeCodes(this.deps.scope());
  }

  private withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return withHubClient(this.deps.open, work);
  }
}

/** The cells' extent (lng/lat), trimmed at the edges; null without cells. */
export function heatFrame(cells: HubHeatCell[]): [number, number, number, number] | null {
  if (!cells.length) return null;
  const [minX, maxX] = trimmed(cells, (c) => c.x);
  const [minY, maxY] = trimmed(cells, (c) => c.y);
  return [minX / HUB_HEAT_CELLS_PER_DEGREE, minY / HUB_HEAT_CELLS_PER_DEGREE, (maxX + 1) / HUB_HEAT_CELLS_PER_DEGREE, (maxY + 1) / HUB_HEAT_CELLS_PER_DEGREE];
}

/** The raster of the cells' centres, each weighted by its cases. */
export function rasterOf(cells: HubHeatCell[], bbox: [number, number, number, number], input: Pick<HubHeatInput, 'bandwidthM' | 'kernel'>) {
  const lng = Float64Array.from(cells, (c) => (c.x + 0.5) / HUB_HEAT_CELLS_PER_DEGREE);
  const lat = Float64Array.from(cells, (c) => (c.y + 0.5) / HUB_HEAT_CELLS_PER_DEGREE);
  const weights = Float64Array.from(cells, (c) => c.cases);
  const all = Int32Array.from(cells, (_, i) => i);
  return densityRaster(lng, lat, all, bbox, input.bandwidthM, undefined, input.kernel, weights);
}

/** The lowest and highest value once EDGE_TRIM of the cases is left out at each end. */
function trimmed(cells: HubHeatCell[], value: (cell: HubHeatCell) => number): [number, number] {
  const sorted = [...cells].sort((a, b) => value(a) - value(b));
  const total = cells.reduce((sum, c) => sum + c.cases, 0);
  const cut = Math.floor(total * EDGE_TRIM);
  const at = (order: HubHeatCell[]) => {
    let seen = 0;
    for (const cell of order) {
      seen += cell.cases;
      if (seen > cut) return value(cell);
    }
    return value(order[order.length - 1]!);
  };
  return [at(sorted), at([...sorted].reverse())];
}
