import type { PersonalField } from '../../contract';
import type { AccessLogService } from '../auth/access-log.service';
import type { Session } from '../auth/session';
import type { CaseService } from './case.service';

/**
 * Unmasking (PIPL): one field of one case, for the person who asked, with the reason they typed,
 * written to the append-only access log before the value is shown. The role's permission is
 * checked at the channel; the case's scope by CaseService.unmasked.
 */
export class PersonalDataService {
  constructor(
    private readonly cases: CaseService,
    private readonly accessLog: AccessLogService,
    private readonly session: () => Session,
  ) {}

  unmask(caseId: number, field: PersonalField, reason: string): { value: string | null } {
    const detail = this.cases.unmasked(caseId);
    this.accessLog.record(this.session(), { kind: 'unmask', caseId, field, reason });
    return { value: detail[field] };
  }
}
