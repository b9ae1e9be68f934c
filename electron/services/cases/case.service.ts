import type { CaseDetail, CaseFilter, CasePage } from '../../contract';
import { AppError } from '../backend/app-error';
import type { CaseRepository } from './case.repository';
import { maskName, maskPhone } from './personal-data';

export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: () => number = Date.now,
  ) {}

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
