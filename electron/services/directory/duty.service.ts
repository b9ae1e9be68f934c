import { AppError } from '../shared/app-error';
import type { DutyRepository } from './duty.repository';

/** Puts grid workers on duty on grids and takes them off (the region panel's staff list). */
export class DutyService {
  constructor(
    private readonly repo: DutyRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  assign(staffId: number, regionId: number): void {
    const { staff, grid } = this.check(staffId, regionId);
    if (!staff.active) throw new AppError('staff_inactive', `${staff.name} 已离岗，不能安排值守`);
    const now = this.clock();
    if (this.repo.onDuty(staffId, regionId, now)) throw new AppError('duty_exists', `${staff.name} 已在 ${grid.name} 值守`);
    this.repo.start(staffId, regionId, now);
  }

  release(staffId: number, regionId: number): void {
    const { staff, grid } = this.check(staffId, regionId);
    if (!this.repo.end(staffId, regionId, this.clock())) throw new AppError('duty_missing', `${staff.name} 不在 ${grid.name} 值守`);
  }

  private check(staffId: number, regionId: number) {
    const staff = this.repo.staff(staffId);
    if (!staff) throw new AppError('not_found', `没有 id 为 ${staffId} 的人员`);
    const grid = this.repo.grid(regionId);
    if (!grid) throw new AppError('not_found', `没有 id 为 ${regionId} 的网格（网格员只安排到网格）`);
    return { staff, grid };
  }
}
