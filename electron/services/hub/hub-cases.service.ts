/**
 * Cases read from the hub (issue 14): what this desk does not hold — another street's cases, older
 * ones archived elsewhere — found and opened read-only, on a connection of their own. The person's
 * scope limits what the hub answers (a department's: the cases it has led or been summoned to,
 * hub_case_departments); personal data is masked as on the desk.
 */
import type pg from 'pg';
import type { HubCaseDetail, HubCaseSummary, PersonalField, PortableValue, Scope, SyncChange } from '../../contract';
import { maskAddress, maskFreeText, maskName, maskPhone } from '../cases/personal-data';
import { monthBounds } from '../rates/rates.service';
import { AppError } from '../shared/app-error';
import { withHubClient } from './hub-reader';
import { foldPortableCase, fromHubChange } from './hub-changes';
import { departmentsOfCase } from './hub-departments.repository';
import type { HubCaseNamesRepository } from './hub-case-names.repository';
import { hubCaseChanges, hubCasePage, hubWorkspaceName, type HubCaseListRow } from './hub-cases.repository';
import type { HubScope } from './hub.repository';

export interface HubCaseDeps {
  /** A reader's connection to the hub (HubLinkService.openConnection): refused while the link is not connected. */
  open: () => Promise<pg.Client>;
  names: HubCaseNamesRepository;
  scope: () => Scope;
  /** Which of these cases this desk holds, by uid (SyncService.heldCases). */
  heldCases: (uids: readonly string[]) => Map<string, number>;
  /** Writes a look at personal data to the access log (AccessLogService, kind 'unmask'). */
  recordLook: (look: { caseId: number | null; field: PersonalField; reason: string; detail: string }) => void;
}

export class HubCaseService {
  constructor(private readonly deps: HubCaseDeps) {}

  async list(input: { month?: string; streetCode?: string; caseNo?: string; offset: number; limit: number }): Promise<{ total: number; rows: HubCaseSummary[] }> {
    const scope = this.readerScope();
    const bounds = input.month ? monthBounds(input.month) : undefined;
    const page = await this.withClient((client) => hubCasePage(client, {
      from: bounds?.from, to: bounds?.to, streetCode: input.streetCode, caseNo: input.caseNo, scope, offset: input.offset, limit: input.limit,
    }));
    const localIds = this.deps.heldCases(page.rows.map((r) => r.uid));
    const regions = this.deps.names.regionNames(page.rows.flatMap((r) => [r.streetCode, r.gridCode]).filter((c): c is string => c !== null));
    const categories = this.deps.names.categoryNames(page.rows.flatMap((r) => (r.categoryCode ? [r.categoryCode] : [])));
    return { total: page.total, rows: page.rows.map((r) => summary(r, regions, categories, localIds.get(r.uid) ?? null)) };
  }

  async detail(uid: string): Promise<HubCaseDetail> {
    const { changes, row: r, place, originName, conflicts } = await this.read(uid);
    const regions = this.deps.names.regionNames([place.street, place.grid].filter((c): c is string => c !== null));
    const categories = this.deps.names.categoryNames(text(r.category_id) ? [text(r.category_id)!] : []);
    const row: HubCaseListRow = {
      uid, caseNo: String(r.case_no ?? uid), title: text(r.title), status: String(r.status ?? 'received'), streetCode: place.street, gridCode: place.grid,
      categoryCode: text(r.category_id), receivedAt: Number(r.received_at ?? 0), closedAt: r.closed_at === null || r.closed_at === undefined ? null : Number(r.closed_at),
      satisfaction: text(r.satisfaction),
    };
    return {
      ...summary(row, regions, categories, this.deps.heldCases([uid]).get(uid) ?? null),
      description: maskFreeText(text(r.description)), address: maskAddress(text(r.address)),
      reporterName: maskName(text(r.reporter_name)), reporterPhone: maskPhone(text(r.reporter_phone)),
      originName, syncConflict: conflicts,
      events: changes.flatMap((c) => (c.kind === 'case_event' ? [{
        id: c.id, at: c.event.at, action: c.event.action, actorName: c.event.actorName, fromStatus: c.event.from, toStatus: c.event.to,
        note: maskFreeText(c.event.note),
      }] : [])),
    };
  }

  /** One personal field as the hub's changes hold it, logged (who, which case and field, why) before it is answered. */
  async unmask(uid: string, field: PersonalField, reason: string): Promise<{ value: string | null }> {
    const { row } = await this.read(uid);
    const value = text(row[PERSONAL_COLUMNS[field]]);
    this.deps.recordLook({
      caseId: this.deps.heldCases([uid]).get(uid) ?? null, field, reason, detail: `中心库案件 ${String(row.case_no ?? uid)}`,
    });
    return { value };
  }

  /** A hub case folded from all of its changes, if it lies in the person's scope. */
  private async read(uid: string): Promise<{
    changes: SyncChange[]; row: Record<string, PortableValue>; place: CasePlace; originName: string | null; conflicts: boolean;
  }> {
    const scope = this.readerScope();
    const { stored, originName, departments } = await this.withClient(async (client) => {
      const rows = await hubCaseChanges(client, uid);
      const base = rows.find((r) => r.kind === 'case_base');
      return {
        stored: rows, originName: (base && (await hubWorkspaceName(client, base.origin))) || null,
        departments: scope?.departments?.length ? await departmentsOfCase(client, uid) : [],
      };
    });
    const changes = stored.map(fromHubChange);
    const folded = foldPortableCase(changes);
    if (!folded) throw new AppError('not_found', '中心库中没有该案件 / The hub does not hold this case');
    const row = folded.fold.row as Record<string, PortableValue>;
    const place = { street: text(row.street_id), community: text(row.community_id), grid: text(row.grid_id) };
    if (scope && !inScope(scope, place, departments)) throw new AppError('out_of_scope', `案件 ${String(row.case_no)} 不在当前账号的管辖范围内`);
    return { changes, row, place, originName, conflicts: folded.fold.conflicts.length > 0 };
  }

  /** The person's places or department as the hub's codes (undefined: every case). */
  private readerScope(): HubScope | undefined {
    return this.deps.names.scopeCodes(this.deps.scope());
  }

  private withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return withHubClient(this.deps.open, work);
  }
}

function summary(r: HubCaseListRow, regions: Map<string, string>, categories: Map<string, string>, localId: number | null): HubCaseSummary {
  return {
    uid: r.uid, caseNo: r.caseNo, title: r.title === null ? null : (maskFreeText(r.title) ?? r.title), status: r.status, streetCode: r.streetCode,
    streetName: r.streetCode ? regions.get(r.streetCode) ?? null : null, gridName: r.gridCode ? regions.get(r.gridCode) ?? null : null,
    categoryName: r.categoryCode ? categories.get(r.categoryCode) ?? null : null, receivedAt: r.receivedAt, closedAt: r.closedAt,
    satisfaction: r.satisfaction, localId,
  };
}

type CasePlace = { street: string | null; community: string | null; grid: string | null };

/** The case column behind each personal field a person may ask to see. */
const PERSONAL_COLUMNS: Record<PersonalField, string> = {
  reporterName: 'reporter_name', reporterPhone: 'reporter_phone', address: 'address', description: 'description',
};

function inScope(scope: HubScope, place: CasePlace, departments: readonly string[]): boolean {
  return (!!place.street && !!scope.streets?.includes(place.street)) || (!!place.community && !!scope.communities?.includes(place.community))
    || (!!place.grid && !!scope.grids?.includes(place.grid)) || departments.some((code) => !!scope.departments?.includes(code));
}

function text(value: PortableValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
