import type { CaseSummary, ExportedFile, Ranking, RateLevel, RateMeasure, RateSettings } from '../../contract';
import { AppError } from '../shared/app-error';
import type { CaseRepository } from '../cases/case.repository';
import { beijingTime } from '../calendar/work-calendar';
import { DEFAULT_RATE_SETTINGS, rank, rankingsDiffer, ratesOf, sumCounts } from './rate-formulas';
import { rankingWorkbook } from './ranking-workbook';
import { levelName } from '../shared/level-names';
import type { RatesRepository } from './rates.repository';
import { coverageOf, keyOfLabel, monthCoverage, type Coverage, type MonthInfo } from '../analytics/month-coverage';

/** Beijing-time bounds [start, end) of 'YYYY-MM', and the month before. */
export function monthBounds(month: string): { from: number; to: number; previous: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const previous = m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
  return { from: beijingTime(year, m, 1), to: m === 12 ? beijingTime(year + 1, 1, 1) : beijingTime(year, m + 1, 1), previous };
}

/** 'YYYY-MM' of a time, in Beijing. */
function beijingMonth(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** The ranking report's file name, in the user's words: 三率排名_2026-11_街道_已发布.xlsx. */
export function rankingFileName(month: string, level: RateLevel, published: boolean): string {
  return `三率排名_${month}_${levelName(level)}${published ? '_已发布' : ''}.xlsx`;
}

/** Monthly rates, rankings, drill-down and frozen snapshots. */
export class RatesService {
  constructor(
    private readonly repo: RatesRepository,
    private readonly cases: CaseRepository,
    private readonly operator: () => { id: number } | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  settings(): RateSettings {
    return this.repo.settings(DEFAULT_RATE_SETTINGS);
  }

  saveSettings(settings: RateSettings): RateSettings {
    const { response, resolution, satisfaction } = settings.weights;
    if (response + resolution + satisfaction <= 0) throw new AppError('invalid_input', '三率权重不能全为 0');
    this.repo.saveSettings(settings, { at: this.clock(), actorStaffId: this.operator()?.id ?? null });
    return this.settings();
  }

  /** Which months are complete, partial or empty, as of now (month-coverage.ts). */
  coverage(): Coverage {
    const { months, lastAt } = this.repo.monthCounts();
    return monthCoverage(new Map(months.map((m) => [keyOfLabel(m.month), m.cases])), lastAt ?? 0, this.clock());
  }

  /** The month a ranking opens on: the last complete month (else the partial one, else this month). */
  defaultMonth(coverage = this.coverage()): string {
    return coverage.lastComplete ?? coverage.partial?.month ?? beijingMonth(this.clock());
  }

  /** How much of `month` the data cover. */
  monthInfo(month: string, coverage = this.coverage()): MonthInfo {
    return coverageOf(coverage, month, this.clock());
  }

  /** Without a month: the last complete month, so that a case entered today does not open a month of one case. */
  ranking(requested: string | undefined, level: RateLevel): Ranking {
    const settings = this.settings();
    const now = this.clock();
    const coverage = this.coverage();
    const month = requested ?? this.defaultMonth(coverage);
    const { from, to, previous } = monthBounds(month);
    const before = monthBounds(previous);
    const current = this.repo.counts(level, from, to, now, settings);
    const rows = rank(current, this.repo.counts(level, before.from, before.to, now, settings), settings);
    const snapshot = this.repo.snapshot(month, level) ?? null;
    return {
      month, level, settings, rows, totals: sumCounts(current.map((u) => u.counts)), snapshot,
      differs: snapshot !== null && rankingsDiffer(snapshot.rows, rows),
      coverage: this.monthInfo(month, coverage), defaultMonth: this.defaultMonth(coverage),
    };
  }

  /**
   * The three rates of one region (or the whole district) for a month, by the ranking's own rules,
   * for the region panel beside the map.
   */
  regionRates(level: 'district' | 'street' | 'community' | 'grid', regionId: number, month: string) {
    const settings = this.settings();
    const { from, to } = monthBounds(month);
    const units = this.repo.counts(level === 'district' ? 'street' : level, from, to, this.clock(), settings);
    const counts = sumCounts((level === 'district' ? units : units.filter((u) => u.unitId === regionId)).map((u) => u.counts));
    return { cases: counts.cases, ...ratesOf(counts, settings) };
  }

  /**
   * Publishes the month's ranking. A partial month (in progress, or data that stop early) is refused
   * unless the caller confirms it with `allowPartial` (the UI asks the user, naming the month).
   */
  freeze(month: string, level: RateLevel, allowPartial = false): Ranking {
    if (this.repo.snapshot(month, level)) throw new AppError('already_frozen', `${month} 的排名已冻结发布，不能再次冻结`);
    // A ranking counted over part of the cases must never be published as the district's.
    if (!this.repo.seesEverything()) throw new AppError('out_of_scope', '冻结发布排名须由管辖全区的账号操作：当前账号只统计本辖区的案件');
    const info = this.monthInfo(month);
    if (info.state === 'partial' && !allowPartial) {
      const why = info.inProgress ? `尚未结束（数据截至 ${info.throughDay} 日）` : `数据只到 ${info.throughDay} 日，不完整`;
      throw new AppError('partial_month', `${month} ${why}：冻结发布不完整月份的排名需要确认（allowPartial）`);
    }
    if (info.state === 'empty') throw new AppError('empty_month', `${month} 没有任何案件数据，不能冻结发布`);
    const live = this.ranking(month, level);
    this.repo.freeze(month, level, live.settings, live.rows, this.clock(), this.operator()?.id ?? null);
    return this.ranking(month, level);
  }

  /** The month's ranking report as a formatted .xlsx (live figures, or the published snapshot). */
  async exportXlsx(month: string, level: RateLevel, published: boolean, districtName: string): Promise<ExportedFile> {
    const ranking = this.ranking(month, level);
    const bytes = await rankingWorkbook(ranking, districtName, published);
    return {
      fileName: rankingFileName(month, level, published && ranking.snapshot !== null),
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      dataBase64: bytes.toString('base64'),
    };
  }

  drill(month: string, level: RateLevel, unitId: number | undefined, measure: RateMeasure, part: 'all' | 'hit' | 'missed'): { total: number; rows: CaseSummary[] } {
    const now = this.clock();
    const { from, to } = monthBounds(month);
    const { total, ids } = this.repo.caseIds(level, unitId, measure, part, from, to, now, this.settings(), 500);
    return { total, rows: this.cases.byIds(ids, now) };
  }
}
