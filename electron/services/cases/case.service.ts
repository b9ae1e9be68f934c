import type { CaseDetail, CaseFilter, CasePage, NewCase } from '../../contract';
import { AppError } from '../backend/app-error';
import type { GridLocator } from '../regions/grid-locator';
import type { CaseRepository } from './case.repository';
import { maskName, maskPhone } from './personal-data';

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: '2-digit', month: '2-digit' });

export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly grids: GridLocator,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Intake: the case is stored as received, in WGS84, in the grid that holds its location. */
  create(input: NewCase, actorName: string): { id: number; caseNo: string; gridId: number | null } {
    const now = this.clock();
    const place = input.location ? this.grids.locate(input.location.lng, input.location.lat, input.location.crs) : undefined;
    const [yy, mm] = monthFormat.format(now).split('-');
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
      caseNoPrefix: `GD${yy}${mm}-`,
      receivedAt: now,
      actorName,
    });
    return { ...created, gridId: place?.gridId ?? null };
  }

  list(filter: CaseFilter, offset: number, limit: number): CasePage {
    return this.cases.list(filter, offset, limit, this.clock());
  }

  points(filter: CaseFilter): [number, number, number, number][] {
    return this.cases.points(filter, this.clock());
  }

  get(id: number): CaseDetail {
    const detail = this.cases.detail(id, this.clock());
    if (!detail) throw new AppError('not_found', `案件 ${id} 不存在`);
    return { ...detail, reporterName: maskName(detail.reporterName), reporterPhone: maskPhone(detail.reporterPhone) };
  }
}
