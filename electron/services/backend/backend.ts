import path from 'node:path';
import type { Channel, Output, ParsedInput, WorkspaceInfo } from '../../contract';
import { analyticsHandlers } from '../analytics/analytics.handlers';
import { archiveHandlers } from '../archive/archive.handlers';
import type { AttachmentAnswer } from '../attachments/attachment-response';
import { attachmentsHandlers } from '../attachments/attachments.handlers';
import { authHandlers } from '../auth/auth.handlers';
import { basemapsHandlers } from '../basemaps/basemaps.handlers';
import { casesHandlers } from '../cases/cases.handlers';
import { directoryHandlers } from '../directory/directory.handlers';
import { exchangeHandlers } from '../exchange/exchange.handlers';
import { exportHandlers } from '../export/export.handlers';
import { gridsHandlers } from '../grids/grids.handlers';
import { hubHandlers } from '../hub/hub.handlers';
import { hubCaseHandlers } from '../hub/hub-cases.handlers';
import { hubHeatHandlers } from '../hub/hub-heat.handlers';
import { importHandlers } from '../import/import.handlers';
import { ratesHandlers } from '../rates/rates.handlers';
import { regionsHandlers } from '../regions/regions.handlers';
import { searchHandlers } from '../search/search.handlers';
import { streetsHandlers } from '../streets/streets.handlers';
import { syncHandlers } from '../sync/sync.handlers';
import { TileService, type TileAnswer } from '../tiles/tile.service';
import { workflowHandlers } from '../workflow/workflow.handlers';
import { moveDemoToPresent } from '../demo/demo-present';
import { copyDemoWorkspace } from '../workspace/demo-workspace';
import { RecentWorkspaces } from '../workspace/recent-workspaces';
import { captureBackup, restoreWorkspaceBackup } from '../workspace/workspace-backups';
import { Workspace, type WorkspaceOpenOptions } from '../workspace/workspace';
import { OpenProblems, WorkspaceDesk } from '../workspace/workspace-desk';
import type { LockApp } from '../workspace/workspace-lock';
import { workspaceHandlers } from '../workspace/workspace.handlers';
import { AppError } from '../shared/app-error';
import type { AllHandlers, HandlerContext, Need } from '../shared/handler';
import { WorkspaceServices } from './workspace-services';

export interface BackendOptions {
  /** Where app-wide settings live (recent workspaces). */
  configDir: string;
  /** The app's resources/ folder (demo workspace, bundled tiles). */
  resourcesDir: string;
  /** Journal size that triggers a snapshot when the backend is idle. */
  checkpointJournalBytes?: number;
  /** Who takes workspace locks, shown to whoever finds one held (default 'app'). */
  lockApp?: LockApp;
  /** When set, a new demo workspace's history is moved to end on this day (demo-present.ts); else it is copied as built. */
  demoToday?: () => number;
}

/** Every channel's handler, each declared beside its domain's service (exported for the permission table test). */
export const channelHandlers: AllHandlers<WorkspaceServices> = {
  ...workspaceHandlers,
  ...regionsHandlers,
  ...directoryHandlers,
  ...casesHandlers,
  ...basemapsHandlers,
  ...workflowHandlers,
  ...gridsHandlers,
  ...importHandlers,
  ...exportHandlers,
  ...ratesHandlers,
  ...analyticsHandlers,
  ...searchHandlers,
  ...attachmentsHandlers,
  ...streetsHandlers,
  ...authHandlers,
  ...exchangeHandlers,
  ...syncHandlers,
  ...archiveHandlers,
  ...hubCaseHandlers,
  ...hubHandlers,
  ...hubHeatHandlers,
  // ── feature areas insert their handler maps above this line ──
};

type UntypedHandler = { need: Need | ((input: unknown) => Need); run(input: unknown, context: HandlerContext<WorkspaceServices>): unknown };


/**
 * Everything behind the contract, in one process: the open workspace and its services.
 * It runs in the database worker (Electron), in the HTTP bridge (browser tests) and in the CLI.
 */
export class Backend {
  private open: WorkspaceServices | undefined;
  private readonly recent: RecentWorkspaces;
  private readonly problems: OpenProblems;
  private readonly context: HandlerContext<WorkspaceServices>;
  private readonly tiles = new TileService((basemapId) => this.current().basemaps.archiveFile(basemapId));

  constructor(private readonly options: BackendOptions) {
    this.recent = new RecentWorkspaces(options.configDir);
    this.problems = new OpenProblems(this.recent);
    this.context = {
      services: () => this.current(),
      workspaces: new WorkspaceDesk(this, this.recent, this.problems),
    };
  }

  /** Calls one channel with an input already validated against the contract. */
  async call<C extends Channel>(channel: C, input: ParsedInput<C>): Promise<Output<C>> {
    // Typed per channel where declared; looked up untyped here (the union of all channels is too big to check).
    const handler = (channelHandlers as unknown as Record<string, UntypedHandler>)[channel];
    const need = typeof handler.need === 'function' ? handler.need(input) : handler.need;
    // The one check of who may call what: before any workspace is open only public channels exist.
    if (need !== 'public') this.current().auth.auth.authorize(need, channel);
    return (await handler.run(input, this.context)) as Output<C>;
  }

  /** Opens a folder named by a trusted caller (main's chooser, the command line, the recent list): never by the renderer. */
  async openWorkspace(dir: string, options: WorkspaceOpenOptions = {}): Promise<WorkspaceInfo> {
    await this.closeWorkspace();
    const workspace = await this.problems.watch(dir, () =>
      Workspace.open(dir, { checkpointJournalBytes: this.options.checkpointJournalBytes, app: this.options.lockApp, ...options }),
    );
    this.open = new WorkspaceServices(workspace, this.options.resourcesDir);
    const info = this.open.info();
    this.recent.remember({ dir: workspace.dir, name: info.name, openedAt: Date.now() });
    return info;
  }

  async createWorkspace(dir: string, demo: boolean): Promise<WorkspaceInfo> {
    const target = path.resolve(dir);
    if (demo) {
      copyDemoWorkspace(this.options.resourcesDir, target);
      const info = await this.openWorkspace(target);
      if (!this.options.demoToday) return info;
      moveDemoToPresent(this.current().workspace.db, this.options.demoToday());
      return this.current().info();
    }
    await this.closeWorkspace();
    const workspace = await Workspace.open(target, { create: true });
    await workspace.close();
    return this.openWorkspace(target);
  }

  /** Closes the open workspace, puts the backup back, and reopens it (the original if the restore failed). */
  async restoreBackup(backupName: string): Promise<WorkspaceInfo> {
    const dir = this.current().workspace.dir;
    // Taken before closing: the close writes a snapshot, which may replace today's backup.
    const captured = await captureBackup(dir, backupName);
    await this.closeWorkspace();
    try {
      await restoreWorkspaceBackup(dir, backupName, new Date(), captured);
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
    // Case photos can show people and places: the same check as reading the case.
    this.current().auth.auth.authorize('read');
    return Promise.resolve(this.current().attachments.file(sha256));
  }

  get openedWorkspace(): Workspace | undefined {
    return this.open?.workspace;
  }

  /** The open workspace's services, past the channels' permission checks: for tools and tests, never the renderer. */
  get openedServices(): WorkspaceServices | undefined {
    return this.open;
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
    // The hub link first: a round in flight ends before the database closes under it.
    await open?.hubLink.stop();
    if (options.finishIndexes) open?.indexes.finish();
    else open?.indexes.stop();
    await open?.workspace.close();
  }

  private current(): WorkspaceServices {
    if (!this.open) throw new AppError('no_workspace', '尚未打开工作区');
    return this.open;
  }
}
