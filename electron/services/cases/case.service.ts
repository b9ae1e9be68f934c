import type { CaseDetail, CaseFilter, CasePage, CaseSummary, NewCase, SavedCaseView } from '../../contract';
import { AppError } from '../shared/app-error';
import { DAY, HOUR, type WorkCalendar } from '../calendar/work-calendar';
import type { GridLocator } from '../regions/grid-locator';
import type { CaseRepository } from './case.repository';
import { caseNoPrefix } from './case-number';
import { maskAddress, maskFreeText, maskName, maskPhone } from './personal-data';

/** Who a case is received by: a staff member (the signed-in person), or a tool's name. */
export type Receiver = string | { id: number; name: string };

function maskSummary<T extends CaseSummary>(row: T): T {
  return { ...row, title: maskFreeText(row.title) ?? row.title, address: maskAddress(row.address) };
}

/** Cases indexed per background step (about 0.1 s), and the pause that lets requests through between steps. */
const BACKGROUND_CHUNK = 500;
const BACKGROUND_PAUSE_MS = 100;

export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly grids: GridLocator,
    private readonly clock: () => number = Date.now,
    /** The workspace's holiday calendar; without it deadlines count every weekday (tests, bench). */
    private readonly calendar: () => WorkCalendar | undefined = () => undefined,
    /** Who receives a case: the signed-in person (the app); tools name the receiver themselves. */
    private readonly currentActor?: () => Receiver,
    /** A slim case's texts and full timeline, from its archive file (ArchiveService.detailOf). */
    private readonly archived?: (id: number) => ArchivedDetail,
  ) {}

  /**
   * Intake: the case is stored as received, in WGS84, in the grid that holds its location (or the
   * grid chosen by hand), with its response and handling deadlines from the category's limits.
   */
  create(input: NewCase, receiver?: Receiver): { id: number; caseNo: string; gridId: number | null } {
    const now = this.clock();
    const actor = receiver ?? this.currentActor?.();
    if (!actor) throw new AppError('not_signed_in', '请先登录');
    const located = input.location ? this.grids.locate(input.location.lng, input.location.lat, input.location.crs) : undefined;
    let place = located;
    if ((!located || located.gridId === null) && input.gridId !== undefined) {
      const parents = this.cases.gridParents(input.gridId);
      if (!parents) throw new AppError('not_found', `网格 ${input.gridId} 不存在`);
      place = { lng: located?.lng ?? null, lat: located?.lat ?? null, gridId: input.gridId, ...parents } as typeof place;
    }
    const limits = input.categoryId !== undefined ? this.cases.categoryLimits(input.categoryId) : undefined;
    if (input.categoryId !== undefined && !limits) throw new AppError('not_found', `类别 ${input.categoryId} 不存在`);
    const calendar = this.calendar();
    const due = (amount: number | null | undefined) => {
      if (amount === null || amount === undefined || !limits) return null;
      if (limits.timeBasis === 'natural' || !calendar) return now + amount;
      return calendar.addWorkingTime(now, amount);
    };
    const created = this.cases.insertReceived({
      source: input.source,
      externalNo: input.externalNo ?? null,
      categoryId: input.categoryId ?? null,
      title: input.title,
      description: input.description ?? null,
      address: input.address ?? null,
      lng: place?.lng ?? null,
      lat: place?.lat ?? null,
      sourceCrs: input.location?.crs ?? 'wgs84',
      sourceLng: input.location?.lng ?? null,
      sourceLat: input.location?.lat ?? null,
      gridId: place?.gridId ?? null,
      communityId: place?.communityId ?? null,
      streetId: place?.streetId ?? null,
      reporterName: input.reporterName ?? null,
      reporterPhone: input.reporterPhone ?? null,
      caseNoPrefix: caseNoPrefix(now),
      receivedAt: now,
      responseDueAt: due(limits?.responseHours !== null && limits?.responseHours !== undefined ? limits.responseHours * HOUR : null),
      handlingDueAt: due(limits?.handlingDays !== null && limits?.handlingDays !== undefined ? limits.handlingDays * DAY : null),
      actorStaffId: typeof actor === 'string' ? null : actor.id,
      actorName: typeof actor === 'string' ? actor : actor.name,
    });
    return { ...created, gridId: place?.gridId ?? null };
  }

  /** Rows are masked: a list is never the place to see a caller's details. */
  list(filter: CaseFilter, offset: number, limit: number, sort: 'received' | 'due' = 'received'): CasePage {
    this.indexInBackground();
    const page = this.cases.list(filter, offset, limit, this.clock(), sort);
    return { total: page.total, rows: page.rows.map(maskSummary) };
  }

  private indexing: ReturnType<typeof setTimeout> | undefined;

  /**
   * Brings the full-text index up to date a small chunk at a time between requests, once the list
   * is in use (a workspace upgraded with a million cases takes minutes to index). Each chunk is
   * short so that requests queued behind it barely wait.
   */
  private indexInBackground(): void {
    if (this.indexing) return;
    this.indexing = setTimeout(() => {
      try {
        const done = this.cases.search.catchUp(BACKGROUND_CHUNK);
        this.indexing = undefined;
        if (!done) this.indexInBackground();
      } catch {
        // The workspace was closed meanwhile: nothing left to index. (indexing stays set: no restart.)
      }
    }, BACKGROUND_PAUSE_MS);
    this.indexing.unref?.();
  }

  points(filter: CaseFilter, colorBy: 'status' | 'due' = 'status'): [number, number, number, number][] {
    return this.cases.points(filter, this.clock(), colorBy);
  }

  views(): SavedCaseView[] {
    return this.cases.views.list();
  }

  saveView(name: string, filter: CaseFilter): SavedCaseView {
    return this.cases.views.save(name, filter, this.clock());
  }

  deleteView(id: number): { ok: true } {
    this.cases.views.remove(id);
    return { ok: true };
  }

  /** A case in scope, masked; `cases:unmask` shows one field at a time, with a reason, logged. */
  get(id: number): CaseDetail {
    const detail = this.unmasked(id);
    return {
      ...maskSummary(detail),
      description: maskFreeText(detail.description),
      reporterName: maskName(detail.reporterName),
      reporterPhone: maskPhone(detail.reporterPhone),
      events: detail.events.map((event) => ({ ...event, note: maskFreeText(event.note) })),
    };
  }

  /** The case as stored, for the unmasking service and the exports that may show it; scope checked. */
  unmasked(id: number): CaseDetail {
    const detail = this.cases.detail(id, this.clock());
    if (!detail) throw new AppError('not_found', `案件 ${id} 不存在`);
    if (!this.cases.inScope(id)) throw new AppError('out_of_scope', `案件 ${detail.caseNo} 不在当前账号的管辖范围内`);
    if (detail.archive && this.archived) return withArchived(detail, this.archived, id);
    return detail;
  }
}

/** What a slim case's archive file adds to its detail. */
export interface ArchivedDetail {
  description: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  /** Every event the case had when archived (the ones the database kept among them). */
  events: CaseDetail['events'];
}

/** The detail with the archive's texts and timeline; when the file cannot be read, what the database keeps and why. */
function withArchived(detail: CaseDetail, read: (id: number) => ArchivedDetail, id: number): CaseDetail {
  let parts: ArchivedDetail;
  try {
    parts = read(id);
  } catch (error) {
    return { ...detail, archive: { ...detail.archive!, problem: (error as Error).message } };
  }
  const held = new Set(detail.events.map((e) => e.id));
  const events = [...detail.events, ...parts.events.filter((e) => !held.has(e.id))].sort((a, b) => a.at - b.at || a.id - b.id);
  return {
    ...detail, events,
    description: detail.description ?? parts.description,
    reporterName: detail.reporterName ?? parts.reporterName,
    reporterPhone: detail.reporterPhone ?? parts.reporterPhone,
  };
}
