import type pg from 'pg';
import type { HubSettingsInput, HubState, HubTestResult } from '../../contract';
import { AppError } from '../shared/app-error';
import type { SyncService } from '../sync/sync.service';
import { hubKey, shownAddress, splitAddress, withPassword } from './hub-address';
import { connectHub, redactConnectionString } from './hub-connection';
import type { HubCursorRepository } from './hub-cursor.repository';
import type { HubLinkRepository, HubLinkSetting } from './hub-link.repository';
import { hubPullScope, normalScope, unusableCodes, widens } from './hub-link-scope';
import { HubSyncService } from './hub-sync.service';
import { readHubVersion, type HubScope } from './hub.repository';
import { serverVersion } from './hub-server.repository';
import { hubMigrations } from './migrations';

export interface HubLinkTiming {
  /** How often the link looks for new local commits (reading a counter, no query). */
  watchMs: number;
  /** A push waits this long after the last local commit, so a burst of writes goes in one push. */
  pushDebounceMs: number;
  /** How often the link pulls the others' changes. */
  pullEveryMs: number;
  /** First and longest wait before reconnecting after a failure (doubling in between). */
  retryMinMs: number;
  retryMaxMs: number;
  /** Changes per pulled page: each page is one local transaction, short enough not to hold up a write. */
  pageSize: number;
}

export const DEFAULT_HUB_LINK_TIMING: HubLinkTiming = {
  watchMs: 500, pushDebounceMs: 1500, pullEveryMs: 15_000, retryMinMs: 2000, retryMaxMs: 60_000, pageSize: 500,
};

export interface HubLinkDeps {
  sync: SyncService;
  cursors: HubCursorRepository;
  repo: HubLinkRepository;
  /** The workspace's commit counter: a change means a local write happened. */
  commitSeq: () => number;
  actorStaffId: () => number | null;
  readOnly: boolean;
  clock?: () => number;
  timing?: Partial<HubLinkTiming>;
}

const CONNECT = { connectionTimeoutMillis: 10_000, queryTimeoutMillis: 300_000, keepAlive: true };

/**
 * Continuous sync with the hub while a workspace is open (issue 14, transport 2): pushes after
 * local commits (debounced), pulls on an interval, reconnects with backoff after a failure, and
 * stops with the workspace. Local writes never wait for it: push and pull use HubSyncService,
 * whose local steps are short synchronous transactions between the hub's answers.
 */
export class HubLinkService {
  private readonly timing: HubLinkTiming;
  private readonly clock: () => number;
  private client: pg.Client | null = null;
  private syncer: HubSyncService | null = null;
  /** The hub's filter for this desk's pulls (undefined: every case), read from the setting on connecting. */
  private pullScope: HubScope | undefined;
  private timer: ReturnType<typeof setInterval> | null = null;
  private round: Promise<void> | null = null;
  private stopped = false;
  private seenSeq = 0;
  private pushDueAt: number | null = null;
  private pullDueAt = 0;
  private retryDelay = 0;
  private status: HubState['status'] = 'off';
  private facts = { lastError: null as string | null, lastErrorAt: null as number | null, lastPushAt: null as number | null, lastPullAt: null as number | null, retryAt: null as number | null };
  private sent = 0;
  private received = { cases: 0, events: 0, regionEdits: 0, referenceEdits: 0 };
  private regionProblems: string[] = [];

  constructor(private readonly deps: HubLinkDeps) {
    this.timing = { ...DEFAULT_HUB_LINK_TIMING, ...deps.timing };
    this.clock = deps.clock ?? Date.now;
  }

  /** Starts syncing when a hub is set and enabled (a read-only workspace never syncs). */
  start(): void {
    const setting = this.deps.repo.setting();
    if (this.stopped || this.deps.readOnly || !setting?.enabled || this.timer) return;
    this.status = 'connecting';
    this.seenSeq = this.deps.commitSeq();
    this.pushDueAt = this.clock();
    this.pullDueAt = this.clock();
    this.timer = setInterval(() => this.tick(), this.timing.watchMs);
    this.timer.unref?.();
    this.tick();
  }

  /** Stops the link and waits for a round in flight (the workspace is about to close). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.halt();
  }

  state(): HubState {
    const setting = this.deps.repo.setting();
    const hub = setting ? hubKey(setting.address) : null;
    // Grid and roster/settings edits wait too: a count of case changes alone would say 0 while they are still here only.
    const waitingOf = hub === null
      ? { changes: 0, regionEdits: 0, referenceEdits: 0 }
      : { changes: this.deps.repo.eventsAfter(this.deps.cursors.cursor(hub).pushedEventId), ...this.deps.cursors.editsWaiting(hub) };
    return {
      configured: setting !== null,
      enabled: setting?.enabled ?? false,
      address: setting ? shownAddress(setting.address, setting.password !== '') : null,
      hasPassword: (setting?.password ?? '') !== '',
      scope: setting?.scope ?? 'all',
      status: setting?.enabled ? this.status : 'off',
      ...this.facts,
      retryAt: this.status === 'offline' ? this.facts.retryAt : null,
      waiting: waitingOf.changes + waitingOf.regionEdits + waitingOf.referenceEdits,
      waitingOf,
      received: { ...this.received },
      regionProblems: [...this.regionProblems],
      sent: this.sent,
    };
  }

  /**
   * Stores the setting and restarts the link with it. An empty password keeps the stored one for the
   * same user and server. Without a scope, every case (a district or city center).
   */
  async configure(input: Omit<HubSettingsInput, 'scope'> & Partial<Pick<HubSettingsInput, 'scope'>>): Promise<HubState> {
    if (this.deps.readOnly) throw new AppError('read_only', '工作区为只读，无法修改中心库设置');
    const typed = splitAddress(input.address);
    const old = this.deps.repo.setting();
    const sameServer = old !== null && hubKey(old.address) === hubKey(typed.address);
    const password = input.password || typed.password || (sameServer ? old.password : '');
    const scope = normalScope(input.scope ?? 'all');
    const places = this.deps.repo.places(scope === 'all' ? [] : scope);
    const unusable = unusableCodes(scope, places);
    if (unusable.length > 0) {
      throw new AppError('hub_bad_scope', `取回范围中有本工作区没有的街道、社区、网格或部门编码：${unusable.slice(0, 10).join('、')} / Unknown places or departments in the scope`);
    }
    const setting: HubLinkSetting = { address: typed.address, password, enabled: input.enabled, shareHistory: input.shareHistory, scope };
    // Its cursor covers only the old scope's changes: a wider scope reads the hub again (another hub's cursor, of an unknown scope, too).
    const hub = hubKey(typed.address);
    const restart = sameServer ? widens(old.scope ?? 'all', scope, places) : this.deps.repo.knowsHub(hub);
    await this.halt();
    this.deps.repo.saveSetting(setting, {
      at: this.clock(), actorStaffId: this.deps.actorStaffId(), shownAddress: shownAddress(typed.address, password !== ''),
      ...(restart ? { restartPullOf: hub } : {}),
    });
    this.resetFacts();
    this.start();
    return this.state();
  }

  async clear(): Promise<HubState> {
    await this.halt();
    if (this.deps.repo.setting()) this.deps.repo.saveSetting(null, { at: this.clock(), actorStaffId: this.deps.actorStaffId(), shownAddress: null });
    this.resetFacts();
    return this.state();
  }

  /** Connects once and reads the schema version; the stored password serves when none is typed for the same server. */
  async test(address?: string, password?: string): Promise<HubTestResult> {
    const stored = this.deps.repo.setting();
    const typed = address ? splitAddress(address) : stored ? { address: stored.address, password: stored.password } : null;
    if (!typed) throw new AppError('hub_not_set', '尚未设置中心库地址 / No hub address is set');
    const sameServer = stored !== null && hubKey(stored.address) === hubKey(typed.address);
    const url = withPassword(typed.address, password || typed.password || (sameServer ? stored.password : ''));
    const result: HubTestResult = { ok: false, address: redactConnectionString(url), version: null, known: hubMigrations.length, serverVersion: null, message: '' };
    let client: pg.Client | null = null;
    try {
      client = await connectHub(url, CONNECT);
      result.serverVersion = await serverVersion(client);
      result.version = await readHubVersion(client);
      result.ok = result.version === result.known;
      result.message = versionMessage(result.version, result.known) ?? '连接成功，中心库结构为最新 / Connected; the hub schema is current';
    } catch (error) {
      result.message = (error as Error).message;
    } finally {
      await client?.end().catch(() => undefined);
    }
    return result;
  }

  /** One push and pull now (offline: one attempt now instead of at the end of the backoff). */
  async syncNow(): Promise<HubState> {
    if (!this.timer) throw new AppError('hub_not_set', '尚未启用中心库同步 / Hub sync is not on');
    this.pushDueAt = this.clock();
    this.pullDueAt = this.clock();
    this.facts.retryAt = this.clock();
    await this.round;
    await this.runRound();
    return this.state();
  }

  /** A connection of its own for a reader (the link's may be inside a push transaction); the caller ends it. */
  async openConnection(): Promise<pg.Client> {
    const setting = this.deps.repo.setting();
    if (!setting?.enabled || this.status !== 'connected') throw new AppError('hub_offline', '未连接中心库，无法查看全市数据 / Not connected to the hub');
    return connectHub(withPassword(setting.address, setting.password), CONNECT);
  }

  private tick(): void {
    if (this.stopped || this.round) return;
    const now = this.clock();
    const seq = this.deps.commitSeq();
    if (seq !== this.seenSeq) {
      this.seenSeq = seq;
      this.pushDueAt = now + this.timing.pushDebounceMs;
    }
    if (this.status === 'offline') {
      if (now < (this.facts.retryAt ?? 0)) return;
    } else if (!(this.pushDueAt !== null && now >= this.pushDueAt) && now < this.pullDueAt) {
      return;
    }
    void this.runRound();
  }

  /** Connect if needed, push what waits, pull when due; any failure makes the link offline until the backoff ends. */
  private runRound(): Promise<void> {
    if (this.round) return this.round;
    this.round = (async () => {
      try {
        const client = await this.connect();
        const now = this.clock();
        if (this.pushDueAt !== null && now >= this.pushDueAt) {
          this.pushDueAt = null;
          const pushed = await this.syncer!.push(client);
          this.sent += pushed.inserted;
          this.facts.lastPushAt = this.clock();
        }
        if (now >= this.pullDueAt) {
          const pulled = await this.syncer!.pull(client, this.pullScope);
          this.received.cases += pulled.newCases;
          this.received.events += pulled.newEvents;
          this.received.regionEdits += pulled.regionEdits ?? 0;
          this.received.referenceEdits += pulled.referenceEdits ?? 0;
          // The latest 50 kept: a problem stays named until the link restarts (the 拓扑检查 shows the current state).
          if (pulled.regionProblems) this.regionProblems = [...this.regionProblems, ...pulled.regionProblems].slice(-50);
          this.facts.lastPullAt = this.clock();
          this.pullDueAt = this.clock() + this.timing.pullEveryMs;
        }
        this.status = 'connected';
        this.retryDelay = 0;
      } catch (error) {
        if (this.stopped) return;
        await this.dropClient();
        this.status = 'offline';
        this.facts.lastError = (error as Error).message;
        this.facts.lastErrorAt = this.clock();
        this.retryDelay = Math.min(this.timing.retryMaxMs, Math.max(this.timing.retryMinMs, this.retryDelay * 2));
        this.facts.retryAt = this.clock() + this.retryDelay;
        // What failed is tried again: everything waiting is pushed and the pull repeated.
        this.pushDueAt = this.clock();
        this.pullDueAt = this.clock();
      } finally {
        this.round = null;
      }
    })();
    return this.round;
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const setting = this.deps.repo.setting();
    if (!setting) throw new AppError('hub_not_set', '尚未设置中心库地址 / No hub address is set');
    const client = await connectHub(withPassword(setting.address, setting.password), CONNECT);
    try {
      const problem = versionMessage(await readHubVersion(client), hubMigrations.length);
      if (problem) throw new AppError('hub_schema', problem);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    const hub = hubKey(setting.address);
    const scope = setting.scope ?? 'all';
    this.pullScope = hubPullScope(scope, this.deps.repo.places(scope === 'all' ? [] : scope));
    this.syncer = new HubSyncService(this.deps.sync, this.deps.cursors, { hub, pageSize: this.timing.pageSize, clock: this.clock });
    // Joining this hub for the first time without history: only what happens from now on travels.
    if (!this.deps.repo.knowsHub(hub) && !setting.shareHistory) this.syncer.skipHistory();
    // The server went away while idle: drop the connection and find out at once (the next round reconnects or reports).
    client.on('error', () => {
      void this.dropClient();
      this.pullDueAt = this.clock();
    });
    this.client = client;
    return client;
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async halt(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Ending the connection first fails a query waiting on a silent server at once; a push cut off so is sent again.
    await this.dropClient();
    await this.round?.catch(() => undefined);
    await this.dropClient();
    this.status = 'off';
  }

  private resetFacts(): void {
    this.facts = { lastError: null, lastErrorAt: null, lastPushAt: null, lastPullAt: null, retryAt: null };
    this.retryDelay = 0;
  }
}

/** Why a hub of this schema version cannot be used, or null when it can. */
function versionMessage(version: number, known: number): string | null {
  if (version === 0) return '中心库尚未初始化，请先运行 npm run hub -- init <地址> / The hub has no schema yet: run npm run hub -- init';
  if (version > known) return `中心库结构版本 ${version} 比本程序（${known}）新，请先升级 GridDesk / The hub schema (v${version}) is newer than this GridDesk (v${known})`;
  if (version < known) return `中心库结构版本 ${version} 较旧，请运行 npm run hub -- init 升级到 ${known} / The hub schema (v${version}) is older: run npm run hub -- init`;
  return null;
}
