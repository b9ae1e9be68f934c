import path from 'node:path';
import type { Channel, Output, ParsedInput, WorkspaceInfo } from '../../contract';
import { BasemapRepository } from '../basemaps/basemap.repository';
import { BasemapService } from '../basemaps/basemap.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
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

  constructor(
    readonly workspace: Workspace,
    resourcesDir: string,
  ) {
    const db = workspace.db;
    this.workspaceRepo = new WorkspaceRepository(db);
    this.regions = new RegionRepository(db);
    this.directory = new DirectoryRepository(db);
    this.cases = new CaseService(new CaseRepository(db), new GridLocator(this.regions));
    this.basemaps = new BasemapService(new BasemapRepository(db), resourcesDir);
    this.basemaps.ensureDefaults();
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
      'regions:tree': () => this.current().regions.tree(),
      'regions:shapes': ({ level }) => this.current().regions.shapes(level),
      'directory:departments': () => this.current().directory.departments(),
      'directory:staff': () => this.current().directory.staff(),
      'directory:categories': () => this.current().directory.categories(),
      'cases:list': ({ filter, offset, limit }) => this.current().cases.list(filter, offset, limit),
      'cases:points': ({ filter }) => this.current().cases.points(filter),
      'cases:get': ({ id }) => this.current().cases.get(id),
      // Roles and sign-in come with the workflow; until then the actor is the console operator.
      'cases:create': (input) => this.current().cases.create(input, '值班员'),
      'basemaps:list': () => this.current().basemaps.list(),
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

  /** Snapshot when the journal has grown; called when no request is waiting. */
  async idle(): Promise<void> {
    if (this.open?.workspace.db.needsCheckpoint()) await this.open.workspace.db.checkpoint();
  }

  /** One tile of an offline basemap, for the app:// protocol and the bridge. */
  tile(basemapId: number, z: number, x: number, y: number): Promise<TileAnswer> {
    return Promise.resolve(this.tiles.getTile(basemapId, z, x, y));
  }

  get workspaceDir(): string | undefined {
    return this.open?.workspace.dir;
  }

  async closeWorkspace(): Promise<void> {
    const open = this.open;
    this.open = undefined;
    await open?.workspace.close();
  }

  private current(): OpenWorkspace {
    if (!this.open) throw new AppError('no_workspace', '尚未打开工作区');
    return this.open;
  }
}
