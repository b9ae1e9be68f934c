import path from 'node:path';
import type { Channel, Output, ParsedInput, WorkspaceInfo } from '../../contract';
import { BasemapRepository } from '../basemaps/basemap.repository';
import { BasemapService } from '../basemaps/basemap.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { DeferredIndexBuilder, DeferredIndexesRepository } from '../db/deferred-indexes.repository';
import { currentVersion } from '../db/migrator';
import { DirectoryRepository } from '../directory/directory.repository';
import { GridLocator } from '../regions/grid-locator';
import { RegionRepository } from '../regions/region.repository';
import { copyDemoWorkspace } from '../workspace/demo-workspace';
import { RecentWorkspaces } from '../workspace/recent-workspaces';
import { Workspace } from '../workspace/workspace';
import { WorkspaceRepository } from '../workspace/workspace.repository';
import { TileService, type TileAnswer } from '../tiles/tile.service';
import { AppError } from './app-error';
import { AnalyticsServices } from '../analytics/analytics-services';
import { GridImportService } from '../grids/grid-import.service';
import { GridRepository } from '../grids/grid.repository';
import { GridService } from '../grids/grid.service';
import { GridEditRepository } from '../grids/grid-edit.repository';
import { GridEditService } from '../grids/grid-edit.service';
import { StreetRepository } from '../streets/street.repository';
import { StreetService } from '../streets/street.service';
import { DutyRepository } from '../directory/duty.repository';
import { DutyService } from '../directory/duty.service';
import { CalendarRepository } from '../calendar/calendar.repository';
import { WorkflowRepository } from '../workflow/workflow.repository';
import { WorkflowService } from '../workflow/workflow.service';
import { RatesRepository } from '../rates/rates.repository';
import { RatesService } from '../rates/rates.service';
import { ImportRepository } from '../import/import.repository';
import { ImportService } from '../import/import.service';
import { ExportRepository } from '../export/export.repository';
import { ExportService } from '../export/export.service';
import { MapSearchRepository } from '../search/map-search.repository';
import { MapSearchService } from '../search/map-search.service';
import { attachmentsOf } from '../attachments/attachment.service';
import type { AttachmentAnswer } from '../attachments/attachment-response';
import { restoreWorkspaceBackup, workspaceBackups } from '../workspace/workspace-backups';
import { packCasePoints } from '../cases/case-points-pack';

export interface BackendOptions {
  /** Where app-wide settings live (recent workspaces). */
  configDir: string;
  /** The app's resources/ folder (demo workspace, bundled tiles). */
  resourcesDir: string;
  /** Journal size that triggers a snapshot when the backend is idle. */
  checkpointJournalBytes?: number;
}

/** The services of one open workspace, wired once per open. */
class OpenWorkspace {
  readonly workspaceRepo: WorkspaceRepository;
  readonly regions: RegionRepository;
  readonly directory: DirectoryRepository;
  readonly cases: CaseService;
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
  /** Indexes a bulk import deferred: rebuilt between requests, also after a crash or a restart. */
  readonly indexes: DeferredIndexBuilder;

  constructor(
    readonly workspace: Workspace,
    resourcesDir: string,
  ) {
    const db = workspace.db;
    this.workspaceRepo = new WorkspaceRepository(db);
    this.regions = new RegionRepository(db);
    this.directory = new DirectoryRepository(db);
    this.cases = new CaseService(new CaseRepository(db), new GridLocator(this.regions));
    this.basemaps = new BasemapService(new BasemapRepository(db), resourcesDir, workspace.dir);
    this.basemaps.ensureDefaults();
    this.calendar = new CalendarRepository(db);
    this.calendar.ensureDefaults();
    this.workflow = new WorkflowService(new WorkflowRepository(db), this.calendar, new CaseRepository(db), new GridLocator(this.regions));
    this.cases.attachWorkflow(() => this.calendar.calendar(), () => this.workflow.operator());
    this.rates = new RatesService(new RatesRepository(db), new CaseRepository(db), () => this.workflow.operator());
    this.gridImport = new GridImportService(new GridRepository(db));
    this.grids = new GridService(new GridRepository(db), (level, regionId, month) => this.rates.regionRates(level, regionId, month));
    this.indexes = new DeferredIndexBuilder(new DeferredIndexesRepository(db));
    this.indexes.schedule();
    this.imports = new ImportService(new ImportRepository(db), workspace.dir, undefined, () => this.indexes.schedule());
    // Roles come with sign-in; the console operator handles hotline callers, so may ask for unmasked data.
    this.exports = new ExportService(new ExportRepository(db), this.cases, (level) => this.regions.shapes(level), () => true, () => '值班员');
    this.analytics = new AnalyticsServices(db);
    this.gridEdits = new GridEditService(new GridEditRepository(db), new GridRepository(db));
    this.streets = new StreetService(new StreetRepository(db), new GridRepository(db));
    this.duty = new DutyService(new DutyRepository(db));
    // ── feature areas wire their services above this line ──
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
    };
  }
}

type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Output<C> | Promise<Output<C>> };

/**
 * Everything behind the contract, in one process: the open workspace and its services.
 * It runs in the database worker (Electron), in the HTTP bridge (browser tests) and in the CLI.
 */
export class Backend {
  private open: OpenWorkspace | undefined;
  private readonly recent: RecentWorkspaces;
  private readonly tiles = new TileService((basemapId) => this.current().basemaps.archiveFile(basemapId));
  readonly handlers: Handlers;

  constructor(private readonly options: BackendOptions) {
    this.recent = new RecentWorkspaces(options.configDir);
    this.handlers = {
      'workspace:info': () => this.current().info(),
      'workspace:open': ({ dir }) => this.openWorkspace(dir),
      'workspace:create': ({ dir, demo }) => this.createWorkspace(dir, demo),
      'workspace:recent': () => this.recent.list(),
      'workspace:backups': () => workspaceBackups(this.current().workspace.dir),
      'workspace:restore': ({ backup }) => this.restoreBackup(backup),
      'regions:tree': () => this.current().regions.tree(),
      'regions:shapes': ({ level }) => this.current().regions.shapes(level),
      'directory:departments': () => this.current().directory.departments(),
      'directory:staff': () => this.current().directory.staff(),
      'directory:categories': () => this.current().directory.categories(),
      'cases:list': ({ filter, offset, limit, sort }) => this.current().cases.list(filter, offset, limit, sort),
      'cases:points': ({ filter, colorBy }) => packCasePoints(this.current().cases.points(filter, colorBy)),
      'cases:get': ({ id }) => this.current().cases.get(id),
      // Roles and sign-in come with the workflow; until then the actor is the console operator.
      'cases:create': (input) => this.current().cases.create(input, '值班员'),
      'basemaps:list': () => this.current().basemaps.list(),
      'workflow:transition': ({ caseId, action, fields, actorStaffId }) => this.current().workflow.transition(caseId, action, fields, actorStaffId),
      'workflow:batch': ({ caseIds, action, fields, actorStaffId }) => this.current().workflow.batch(caseIds, action, fields, actorStaffId),
      'workflow:allowed': ({ caseId }) => this.current().workflow.allowed(caseId),
      'workflow:suggest': ({ lng, lat, crs, categoryId }) => this.current().workflow.suggest(lng, lat, crs, categoryId),
      'workflow:merge': ({ caseId, intoId }) => this.current().workflow.merge(caseId, intoId),
      'workflow:whistles': ({ openOnly, caseId }) => this.current().workflow.whistles(openOnly, caseId),
      'workflow:overdue': ({ offset, limit, nearDue }) => this.current().workflow.overdue(offset, limit, nearDue),
      'workflow:operator': () => this.current().workflow.operator(),
      'workflow:setOperator': ({ staffId }) => this.current().workflow.setOperator(staffId),
      'basemaps:presets': () => this.current().basemaps.presets(),
      'basemaps:saveOnline': (input) => this.current().basemaps.saveOnline(input),
      'basemaps:remove': ({ id }) => this.current().basemaps.remove(id),
      'basemaps:importArchive': ({ fileName, dataBase64 }) => this.current().basemaps.importArchive({ fileName, bytes: Buffer.from(dataBase64, 'base64') }),
      'grids:inspect': ({ fileName, dataBase64 }) => this.current().gridImport.inspect(fileName, Buffer.from(dataBase64, 'base64')),
      'grids:import': ({ dataBase64, ...rest }) => this.current().gridImport.import({ ...rest, bytes: Buffer.from(dataBase64, 'base64') }),
      'grids:check': ({ level }) => this.current().grids.check(level),
      'grids:validateCodes': () => this.current().grids.validateCodes(),
      'grids:regenerateCodes': () => this.current().grids.regenerateCodes(),
      'grids:panel': ({ regionId }) => this.current().grids.panel(regionId),
      'grids:unstaffed': () => this.current().grids.unstaffedGrids(),
      'import:stage': ({ fileName, dataBase64, stagedId }) => this.current().imports.stage(fileName, dataBase64, stagedId),
      'import:inspect': ({ file, table }) => this.current().imports.inspect(file, table),
      'import:start': ({ file, table, mapping }) => this.current().imports.start(file, table, mapping),
      'import:progress': ({ jobId }) => this.current().imports.progress(jobId),
      'import:cancel': ({ jobId }) => this.current().imports.cancel(jobId),
      'import:commit': ({ jobId }) => this.current().imports.commit(jobId, '值班员'),
      'import:refused': ({ jobId }) => this.current().imports.refusedWorkbook(jobId),
      'import:batches': () => this.current().imports.batches(),
      'import:undo': ({ batchId }) => this.current().imports.undo(batchId, '值班员'),
      'import:templates': () => this.current().imports.templates(),
      'import:save-template': ({ name, headers, mapping }) => this.current().imports.saveTemplate(name, headers, mapping),
      'export:cases': ({ filter, format, encoding, unmask }) => this.current().exports.exportCases(filter, format, encoding, unmask),
      'export:grids': ({ format, level }) => this.current().exports.exportGrids(format, level),
      'rates:settings': () => this.current().rates.settings(),
      'rates:saveSettings': (settings) => this.current().rates.saveSettings(settings),
      'rates:ranking': ({ month, level }) => this.current().rates.ranking(month, level),
      'rates:cases': ({ month, level, unitId, measure, part }) => this.current().rates.drill(month, level, unitId, measure, part),
      'rates:freeze': ({ month, level }) => this.current().rates.freeze(month, level),
      'analytics:heat': ({ filter, caseFilter, bandwidthM, cellM, kernel }) => {
        const open = this.current();
        if (!caseFilter) return open.analytics.maps.heat(filter, bandwidthM, cellM, kernel);
        return open.analytics.maps.heatOfPoints(open.cases.points(caseFilter), caseFilter.regionId, bandwidthM, cellM, kernel);
      },
      'analytics:choropleth': ({ filter, level, measure, classing, classes }) =>
        this.current().analytics.maps.choropleth(filter, level, measure, classing, classes),
      'analytics:temporal': ({ filter }) => this.current().analytics.maps.temporal(filter),
      'analytics:hotspots': (input) => this.current().analytics.hotspots.hotspots(input),
      'analytics:recurring': (input) => this.current().analytics.recurring.recurring(input),
      'analytics:forecast': ({ month, categoryId, top }) => this.current().analytics.forecast.forecast(month, categoryId, top),
      'analytics:topic-candidates': ({ limit }) => this.current().analytics.topics.candidates(limit),
      'analytics:topics': () => this.current().analytics.topics.list(),
      'analytics:topic-adopt': (input) => this.current().analytics.topics.adopt(input),
      'basemaps:offlineEstimate': (area) => this.current().basemaps.downloads.estimate(area),
      'basemaps:offlineStart': (area) => this.current().basemaps.downloads.start(area),
      'basemaps:offlineJobs': () => this.current().basemaps.downloads.list(),
      'basemaps:offlineCancel': ({ jobId }) => this.current().basemaps.downloads.cancel(jobId),
      'basemaps:offlineResume': ({ jobId }) => this.current().basemaps.downloads.resume(jobId),
      'search:map': ({ text, limit }) => new MapSearchService(new MapSearchRepository(this.current().workspace.db)).search(text, limit),
      'cases:views': () => this.current().cases.views(),
      'cases:saveView': ({ name, filter }) => this.current().cases.saveView(name, filter),
      'cases:deleteView': ({ id }) => this.current().cases.deleteView(id),
      'attachments:list': ({ caseId }) => attachmentsOf(this.current().workspace).list(caseId),
      'attachments:add': ({ caseId, kind, files, eventId }) => attachmentsOf(this.current().workspace).add(caseId, kind, files, eventId),
      'rates:exportXlsx': ({ month, level, published }) => this.current().rates.exportXlsx(month, level, published, this.current().info().name),
      'grids:draw': ({ geometry, name }) => this.current().gridEdits.draw(geometry, name),
      'grids:reshape': ({ regionId, geometry }) => this.current().gridEdits.reshape(regionId, geometry),
      'grids:split': ({ regionId, line, newName }) => this.current().gridEdits.split(regionId, line, newName),
      'grids:merge': ({ regionId, otherId }) => this.current().gridEdits.merge(regionId, otherId),
      'grids:undo': () => this.current().gridEdits.undo(),
      'grids:edits': () => this.current().gridEdits.history(),
      'streets:list': () => this.current().streets.list(),
      'streets:draw': ({ name, line, chiefStaffId }) => this.current().streets.draw(name, line, chiefStaffId),
      'streets:import': ({ dataBase64, ...rest }) => this.current().streets.import({ ...rest, bytes: Buffer.from(dataBase64, 'base64') }),
      'streets:assignChief': ({ streetLineId, staffId }) => this.current().streets.assignChief(streetLineId, staffId),
      'directory:assignDuty': ({ staffId, regionId }) => (this.current().duty.assign(staffId, regionId), this.current().grids.unstaffedGrids()),
      'directory:endDuty': ({ staffId, regionId }) => (this.current().duty.release(staffId, regionId), this.current().grids.unstaffedGrids()),
      'import:roster-inspect': ({ file, table, target }) => this.current().imports.roster.inspect(file, table, target),
      'import:roster-validate': ({ file, table, target, columns }) => this.current().imports.roster.validate(file, table, target, columns),
      'import:roster-commit': ({ file, table, target, columns }) => this.current().imports.roster.commit(file, table, target, columns, '值班员'),
      // ── feature areas insert their handlers above this line ──
    };
  }

  /** Calls one channel with an input already validated against the contract. */
  call<C extends Channel>(channel: C, input: ParsedInput<C>): Promise<Output<C>> {
    const handler = this.handlers[channel] as (input: ParsedInput<C>) => Output<C> | Promise<Output<C>>;
    return Promise.resolve(handler(input));
  }

  async openWorkspace(dir: string): Promise<WorkspaceInfo> {
    await this.closeWorkspace();
    const workspace = await Workspace.open(dir, { checkpointJournalBytes: this.options.checkpointJournalBytes });
    this.open = new OpenWorkspace(workspace, this.options.resourcesDir);
    const info = this.open.info();
    this.recent.remember({ dir: workspace.dir, name: info.name, openedAt: Date.now() });
    return info;
  }

  async createWorkspace(dir: string, demo: boolean): Promise<WorkspaceInfo> {
    const target = path.resolve(dir);
    if (demo) {
      copyDemoWorkspace(this.options.resourcesDir, target);
      return this.openWorkspace(target);
    }
    await this.closeWorkspace();
    const workspace = await Workspace.open(target, { create: true });
    await workspace.close();
    return this.openWorkspace(target);
  }

  /** Closes the open workspace, puts the backup back, and reopens it (the original if the restore failed). */
  async restoreBackup(backupName: string): Promise<WorkspaceInfo> {
    const dir = this.current().workspace.dir;
    await this.closeWorkspace();
    try {
      await restoreWorkspaceBackup(dir, backupName);
    } catch (error) {
      await this.openWorkspace(dir);
      throw error;
    }
    return this.openWorkspace(dir);
  }

  /** Snapshot when the journal has grown; called when no request is waiting. */
  async idle(): Promise<void> {
    if (this.open?.workspace.db.needsCheckpoint()) await this.open.workspace.db.checkpoint();
  }

  /** One tile of an offline basemap, for the app:// protocol and the bridge. */
  tile(basemapId: number, z: number, x: number, y: number): Promise<TileAnswer> {
    return Promise.resolve(this.tiles.getTile(basemapId, z, x, y));
  }

  /** One attachment's bytes, for the app:// protocol and the bridge (attachments/<sha256>). */
  attachment(sha256: string): Promise<AttachmentAnswer> {
    return Promise.resolve(attachmentsOf(this.current().workspace).file(sha256));
  }

  get workspaceDir(): string | undefined {
    return this.open?.workspace.dir;
  }

  /**
   * `finishIndexes`: a batch job (the CLI) leaves the workspace whole, indexes a bulk import
   * deferred included; the app closes at once and rebuilds them after the next open.
   */
  async closeWorkspace(options: { finishIndexes?: boolean } = {}): Promise<void> {
    const open = this.open;
    this.open = undefined;
    if (options.finishIndexes) open?.indexes.finish();
    else open?.indexes.stop();
    await open?.workspace.close();
  }

  private current(): OpenWorkspace {
    if (!this.open) throw new AppError('no_workspace', '尚未打开工作区');
    return this.open;
  }
}
