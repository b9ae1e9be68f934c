import { newEraBegun, newEraPending } from '../workspace/workspace-backups';
import type { WorkspaceInfo } from '../../contract';
import { AttachmentRepository } from '../attachments/attachment.repository';
import { AttachmentService } from '../attachments/attachment.service';
import { AttachmentStore } from '../attachments/attachment-store';
import { AnalyticsServices } from '../analytics/analytics-services';
import { ArchiveRepository } from '../archive/archive.repository';
import { ArchiveService } from '../archive/archive.service';
import { createAuthServices, type AuthServices } from '../auth/auth-services';
import { can } from '../auth/roles';
import { BasemapRepository } from '../basemaps/basemap.repository';
import { BasemapService } from '../basemaps/basemap.service';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { PersonalDataService } from '../cases/personal-data.service';
import { DeferredIndexBuilder, DeferredIndexesRepository } from '../db/deferred-indexes.repository';
import { currentVersion } from '../db/migrator';
import { DirectoryRepository } from '../directory/directory.repository';
import { DutyRepository } from '../directory/duty.repository';
import { DutyService } from '../directory/duty.service';
import { ReferenceDataService } from '../directory/reference-data.service';
import { ExportRepository } from '../export/export.repository';
import { ExportService } from '../export/export.service';
import { ExchangeRepository } from '../exchange/exchange.repository';
import { ExchangeService } from '../exchange/exchange.service';
import { GridEditRepository } from '../grids/grid-edit.repository';
import { GridEditService } from '../grids/grid-edit.service';
import { GridImportService } from '../grids/grid-import.service';
import { GridRepository } from '../grids/grid.repository';
import { GridService } from '../grids/grid.service';
import { HubCaseNamesRepository } from '../hub/hub-case-names.repository';
import { HubCaseService } from '../hub/hub-cases.service';
import { HubHeatCodesRepository } from '../hub/hub-heat.repository';
import { HubHeatService } from '../hub/hub-heat.service';
import { HubCursorRepository } from '../hub/hub-cursor.repository';
import { HubLinkRepository } from '../hub/hub-link.repository';
import { HubCityRatesService } from '../hub/hub-city-rates.service';
import { HubLinkService } from '../hub/hub-link.service';
import { ImportRepository } from '../import/import.repository';
import { ImportService } from '../import/import.service';
import { MapSearchRepository } from '../search/map-search.repository';
import { MapSearchService } from '../search/map-search.service';
import { RatesRepository } from '../rates/rates.repository';
import { RatesService } from '../rates/rates.service';
import { GridLocator } from '../regions/grid-locator';
import { RegionRepository } from '../regions/region.repository';
import { StreetRepository } from '../streets/street.repository';
import { StreetService } from '../streets/street.service';
import { SyncRepository } from '../sync/sync.repository';
import { SyncService } from '../sync/sync.service';
import { WorkflowRepository } from '../workflow/workflow.repository';
import { WorkflowService } from '../workflow/workflow.service';
import type { Workspace } from '../workspace/workspace';
import { WorkspaceRepository } from '../workspace/workspace.repository';

/** The services of one open workspace, wired once per open. */
export class WorkspaceServices {
  readonly workspaceRepo: WorkspaceRepository;
  readonly regions: RegionRepository;
  readonly directory: DirectoryRepository;
  readonly cases: CaseService;
  readonly personalData: PersonalDataService;
  readonly search: MapSearchService;
  readonly attachments: AttachmentService;
  readonly basemaps: BasemapService;
  readonly analytics: AnalyticsServices;
  readonly gridImport: GridImportService;
  readonly grids: GridService;
  readonly calendar: CalendarRepository;
  readonly workflow: WorkflowService;
  readonly rates: RatesService;
  readonly imports: ImportService;
  readonly exports: ExportService;
  readonly gridEdits: GridEditService;
  readonly streets: StreetService;
  readonly duty: DutyService;
  /** Departments, categories' limits and the calendar, edited here and sent to every desk. */
  readonly referenceData: ReferenceDataService;
  /** The change model: conflicts between workstations and settling them. */
  readonly sync: SyncService;
  /** Pairing and exchange packages with other workstations (issue 14, transport 1). */
  readonly exchange: ExchangeService;
  /** Continuous sync with the PostgreSQL hub, when one is set (issue 14, transport 2). */
  readonly hubLink: HubLinkService;
  readonly hubCityRates: HubCityRatesService;
  /** Cases read from the hub, beyond what this desk holds. */
  readonly hubCases: HubCaseService;
  /** The city's heat from the hub, in the analytics heat panel. */
  readonly hubHeat: HubHeatService;
  /** The working set: older closed cases slimmed into monthly archive files, brought back on need. */
  readonly archive: ArchiveService;
  /** Indexes a bulk import deferred: rebuilt between requests, also after a crash or a restart. */
  readonly indexes: DeferredIndexBuilder;

  /** Accounts, the access log and the person at this desk (one session per open workspace). */
  readonly auth: AuthServices;

  constructor(
    readonly workspace: Workspace,
    resourcesDir: string,
  ) {
    const db = workspace.db;
    this.auth = createAuthServices(db);
    const session = () => this.auth.auth.session();
    const actor = () => ({ id: session().staffId, name: session().name, role: session().role });
    // One case repository, limited to the session's scope: lists, counts, maps, search and exports.
    const cases = new CaseRepository(db, () => session().scope);
    const locator = new GridLocator(new RegionRepository(db));
    this.workspaceRepo = new WorkspaceRepository(db);
    this.regions = new RegionRepository(db);
    this.directory = new DirectoryRepository(db);
    this.calendar = new CalendarRepository(db);
    // A read-only open writes nothing: defaults are seeded by the next writable open.
    if (!db.readOnly) this.calendar.ensureDefaults();
    this.cases = new CaseService(cases, locator, Date.now, () => this.calendar.calendar(), actor, (id) => this.archive.detailOf(id));
    this.personalData = new PersonalDataService(this.cases, this.auth.accessLog, session);
    this.attachments = new AttachmentService(new AttachmentRepository(db), workspace.dir, (caseId) => cases.inScope(caseId), Date.now, actor);
    this.search = new MapSearchService(new MapSearchRepository(db), () => session().scope);
    this.basemaps = new BasemapService(new BasemapRepository(db), resourcesDir, workspace.dir);
    if (!db.readOnly) this.basemaps.ensureDefaults();
    this.workflow = new WorkflowService(new WorkflowRepository(db), this.calendar, cases, locator, Date.now, actor, (caseId) => this.archive.bringBack(caseId));
    this.rates = new RatesService(new RatesRepository(db, () => session().scope), cases, actor);
    this.gridImport = new GridImportService(new GridRepository(db));
    this.grids = new GridService(new GridRepository(db), (level, regionId, month) => this.rates.regionRates(level, regionId, month));
    this.indexes = new DeferredIndexBuilder(new DeferredIndexesRepository(db));
    this.indexes.schedule();
    this.imports = new ImportService(new ImportRepository(db), workspace.dir, undefined, () => this.indexes.schedule(), session);
    this.exports = new ExportService(new ExportRepository(db), this.cases, (level) => this.regions.shapes(level), () => can(session().role, 'unmask'),
      (rows, reason) => this.auth.accessLog.record(session(), { kind: 'unmasked_export', reason, detail: `案件导出 ${rows} 条` }),
      Date.now, (rows) => this.archive.fillSlimmed(rows));
    this.analytics = new AnalyticsServices(db, Date.now, () => session().scope);
    this.gridEdits = new GridEditService(new GridEditRepository(db), new GridRepository(db), Date.now, () => session().staffId);
    this.streets = new StreetService(new StreetRepository(db), new GridRepository(db));
    this.duty = new DutyService(new DutyRepository(db));
    this.referenceData = new ReferenceDataService(this.directory, this.calendar);
    const syncRepo = new SyncRepository(db);
    this.archive = new ArchiveService(new ArchiveRepository(db), workspace.dir, () => syncRepo.identity().id, Date.now, () => db.compact());
    this.sync = new SyncService(syncRepo, Date.now, new AttachmentStore(workspace.dir), this.archive);
    // After a restore or a salvage, rows made from now on get names no other workstation has seen.
    if (!db.readOnly && (newEraPending(workspace.dir) || db.salvageReport)) {
      this.sync.beginEra();
      newEraBegun(workspace.dir);
    }
    this.exchange = new ExchangeService(new ExchangeRepository(db), this.sync, Date.now, (name) => syncRepo.rename(name));
    this.hubLink = new HubLinkService({
      sync: this.sync, cursors: new HubCursorRepository(db), repo: new HubLinkRepository(db), commitSeq: () => db.lastSeq,
      actorStaffId: () => session().staffId, readOnly: db.readOnly,
    });
    this.hubLink.start();
    this.hubCityRates = new HubCityRatesService({
      open: () => this.hubLink.openConnection(), streetNames: () => new HubLinkRepository(db).streetNames(), rateSettings: () => this.rates.settings(), clock: Date.now,
    });
    this.hubCases = new HubCaseService({
      open: () => this.hubLink.openConnection(), names: new HubCaseNamesRepository(db), scope: () => session().scope, heldCases: (uids) => this.sync.heldCases(uids),
      recordLook: (look) => this.auth.accessLog.record(session(), { kind: 'unmask', ...look }),
    });
    this.hubHeat = new HubHeatService({
      open: () => this.hubLink.openConnection(), codes: new HubHeatCodesRepository(db), names: new HubCaseNamesRepository(db),
      scope: () => session().scope, now: Date.now,
    });
    // ── feature areas wire their services above this line ──
  }

  /** Who acts, as import batches and settled conflicts record it: the signed-in account. */
  actor(): { id: number | null; name: string } {
    const session = this.auth.auth.session();
    return { id: session.staffId, name: session.name };
  }

  info(): WorkspaceInfo {
    const range = this.workspaceRepo.caseTimeRange();
    const provenance = this.workspaceRepo.meta('provenance');
    return {
      dir: this.workspace.dir,
      name: this.workspaceRepo.meta('name') ?? this.workspace.manifest.name,
      schemaVersion: currentVersion(this.workspace.db),
      isDemo: this.workspaceRepo.meta('is_demo') === '1',
      provenance: provenance ? (JSON.parse(provenance) as WorkspaceInfo['provenance']) : [],
      counts: this.workspaceRepo.counts(),
      casesFrom: range.from,
      casesTo: range.to,
      bounds: this.workspaceRepo.regionBounds(),
      readOnly: this.workspace.readOnly,
    };
  }
}
