// "Save this area for offline": downloads the tiles of a box and zoom range of an online source
// into an MBTiles file in the workspace, politely (see polite-fetcher.ts), in the background of the
// backend process. The renderer polls basemaps:offlineJobs for progress, as the import does.
import fs from 'node:fs';
import path from 'node:path';
import { OfflineArea, type Basemap, type OfflineEstimate, type OfflineJob } from '../../contract/basemaps';
import { AppError } from '../shared/app-error';
import { MbtilesWriter } from '../tiles/mbtiles-writer';
import { PoliteFetcher, type PoliteOptions } from '../tiles/polite-fetcher';
import { formatOfTile } from '../tiles/tile-format';
import { countTiles, tileRanges, tilesOf, tileUrl, type LngLatBox } from '../tiles/tile-math';
import { tilePixelSize } from '../tiles/tile-size';
import type { BasemapRepository } from './basemap.repository';

/** Refused above this: tile servers' usage policies forbid bulk downloads, and sql.js holds the file in memory. */
export const MAX_OFFLINE_TILES = 50_000;
/** A typical raster street-map tile (OSM PNG ~ 10–25 KB); for the size shown before starting. */
export const AVERAGE_TILE_BYTES = 18_000;
const PARTIAL_SUFFIX = '.partial.mbtiles';
const REPORTED_FAILURES = 50;

export interface DownloadOptions extends Pick<PoliteOptions, 'backoffMs' | 'fetch' | 'sleep' | 'now' | 'userAgent' | 'timeoutMs'> {
  /** Save the file at least this often (and on cancel / finish). */
  saveEveryMs?: number;
  /** Stop a job whose first this-many tiles all failed (wrong key, source down). */
  giveUpAfter?: number;
}

interface RunningJob {
  job: OfflineJob;
  area: OfflineArea;
  abort: AbortController;
  done: Promise<void>;
}

export class OfflineDownloadService {
  private recovered = false;
  private readonly jobs = new Map<string, RunningJob | { job: OfflineJob; area: OfflineArea; abort?: undefined; done?: undefined }>();

  constructor(
    private readonly repo: BasemapRepository,
    private readonly dir: string,
    /** The configured basemaps with keys filled in (BasemapService.list). */
    private readonly basemaps: () => Basemap[],
    private readonly options: DownloadOptions = {},
  ) {}

  estimate(area: OfflineArea): OfflineEstimate {
    const source = this.source(area.sourceId);
    const ranges = tileRanges(area.bounds as LngLatBox, area.minZoom, area.maxZoom);
    const tiles = countTiles(ranges);
    let message: string | null = null;
    if (area.minZoom > area.maxZoom) message = `最小级别 ${area.minZoom} 大于最大级别 ${area.maxZoom}`;
    else if (area.minZoom < source.minZoom || area.maxZoom > source.maxZoom) {
      message = `${source.name} 只提供 z${source.minZoom}–${source.maxZoom} 级瓦片 (zoom outside the source's range)`;
    } else if (tiles > MAX_OFFLINE_TILES) {
      message = `该区域共 ${tiles.toLocaleString('en')} 个瓦片，超过上限 ${MAX_OFFLINE_TILES.toLocaleString('en')}；请缩小范围或降低最大级别。` +
        `(Area has ${tiles} tiles, over the ${MAX_OFFLINE_TILES} limit: draw a smaller area or lower the maximum zoom.)`;
    }
    return {
      tiles,
      perZoom: ranges.map((r) => ({ z: r.z, tiles: countTiles([r]) })),
      estimatedBytes: tiles * AVERAGE_TILE_BYTES,
      limit: MAX_OFFLINE_TILES,
      message,
    };
  }

  start(area: OfflineArea): OfflineJob {
    const estimate = this.estimate(area);
    if (estimate.message) throw new AppError('invalid_input', estimate.message);
    this.refuseIfBusy();
    const source = this.source(area.sourceId);
    const name = area.name || `${source.name} 离线 z${area.minZoom}-${area.maxZoom}`;
    fs.mkdirSync(this.dir, { recursive: true });
    const jobId = uniqueSlug(this.dir, name, new Set(this.jobs.keys()));
    const job: OfflineJob = {
      jobId, name, sourceId: source.id, crs: source.crs, bounds: area.bounds as LngLatBox, minZoom: area.minZoom, maxZoom: area.maxZoom,
      state: 'running', total: estimate.tiles, stored: 0, skipped: 0, missing: 0, failed: 0, failedTiles: [], bytes: 0, requests: 0,
      ratePerSecond: area.ratePerSecond, basemapId: null, fileName: `${jobId}${PARTIAL_SUFFIX}`, message: null,
    };
    return this.launch(job, { ...area, name });
  }

  async resume(jobId: string): Promise<OfflineJob> {
    await this.recover();
    const entry = this.jobs.get(jobId);
    if (!entry) throw new AppError('not_found', `没有编号为 ${jobId} 的下载`);
    if (entry.job.state === 'running' || entry.job.state === 'done') return { ...entry.job };
    this.refuseIfBusy();
    this.source(entry.area.sourceId);
    const job: OfflineJob = { ...entry.job, state: 'running', stored: 0, skipped: 0, missing: 0, failed: 0, failedTiles: [], message: null };
    return this.launch(job, entry.area);
  }

  async cancel(jobId: string): Promise<OfflineJob> {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new AppError('not_found', `没有编号为 ${jobId} 的下载`);
    entry.abort?.abort(new Error('cancelled'));
    await entry.done;
    return { ...entry.job };
  }

  async list(): Promise<OfflineJob[]> {
    await this.recover();
    return [...this.jobs.values()].map((e) => ({ ...e.job, failedTiles: [...e.job.failedTiles] })).reverse();
  }

  /** Waits for a job to end (tests, CLI). */
  async wait(jobId: string): Promise<OfflineJob> {
    await this.jobs.get(jobId)?.done;
    return { ...this.jobs.get(jobId)!.job };
  }

  /** Stops every download (workspace closing); files stay valid and resumable. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((id) => this.cancel(id)));
  }

  /**
   * Downloads cut short in an earlier session (cancelled, or the app closed) are partial files
   * in the folder: list them as cancelled, so they can be resumed. Looked for once per session.
   */
  private async recover(): Promise<void> {
    if (this.recovered) return;
    this.recovered = true;
    const files = fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((f) => f.endsWith(PARTIAL_SUFFIX)) : [];
    for (const file of files) {
      const jobId = file.slice(0, -PARTIAL_SUFFIX.length);
      if (this.jobs.has(jobId)) continue;
      let writer: MbtilesWriter | undefined;
      try {
        writer = await MbtilesWriter.open(path.join(this.dir, file));
        const meta = writer.metadata();
        const area = OfflineArea.parse(JSON.parse(meta.griddesk_job ?? 'null'));
        const { tiles, bytes } = writer.stats();
        const total = countTiles(tileRanges(area.bounds as LngLatBox, area.minZoom, area.maxZoom));
        this.jobs.set(jobId, {
          area,
          job: {
            jobId, name: area.name ?? jobId, sourceId: area.sourceId, crs: (meta.griddesk_crs as OfflineJob['crs']) ?? 'wgs84',
            bounds: area.bounds as LngLatBox, minZoom: area.minZoom, maxZoom: area.maxZoom, state: 'cancelled', total, stored: tiles,
            skipped: 0, missing: 0, failed: 0, failedTiles: [], bytes, requests: 0, ratePerSecond: area.ratePerSecond, basemapId: null,
            fileName: file, message: `上次未完成：已保存 ${tiles} / ${total} 个瓦片，可继续下载 (interrupted; resume skips stored tiles)`,
          },
        });
      } catch {
        // Not one of ours, or unreadable: leave the file alone.
      } finally {
        writer?.close();
      }
    }
  }

  private refuseIfBusy(): void {
    const running = [...this.jobs.values()].find((e) => e.job.state === 'running');
    // One at a time: two downloads would double the load on the tile server.
    if (running) throw new AppError('busy', `“${running.job.name}”正在下载，请等它完成或取消后再开始 (one download at a time)`);
  }

  private source(id: number): Basemap {
    const source = this.basemaps().find((b) => b.id === id);
    if (!source) throw new AppError('not_found', `没有 id 为 ${id} 的底图`);
    if (source.offline) throw new AppError('invalid_input', `${source.name} 已是离线底图，无需下载`);
    if (source.missingKey) throw new AppError('invalid_input', `${source.name} 需要先在设置中填写密钥 (key)`);
    return source;
  }

  private launch(job: OfflineJob, area: OfflineArea): OfflineJob {
    const abort = new AbortController();
    const entry: RunningJob = { job, area, abort, done: Promise.resolve() };
    this.jobs.delete(job.jobId);
    this.jobs.set(job.jobId, entry);
    entry.done = this.run(entry).catch((err: unknown) => {
      job.state = 'failed';
      job.message = `下载失败：${err instanceof Error ? err.message : String(err)}`;
    });
    return { ...job };
  }

  private async run(entry: RunningJob): Promise<void> {
    const { job, area, abort } = entry;
    const source = this.source(area.sourceId);
    const fetcher = new PoliteFetcher({ ...this.options, ratePerSecond: area.ratePerSecond, maxTries: area.maxTries });
    const partial = path.join(this.dir, job.fileName);
    const writer = await MbtilesWriter.open(partial);
    const now = this.options.now ?? Date.now;
    let lastSave = now();
    let tileSize: number | null = null;
    let format: string | null = writer.metadata().format ?? null;
    try {
      writer.setMetadata({
        name: job.name, type: 'baselayer', version: '1.1', description: `GridDesk: ${source.name} (${source.crs.toUpperCase()})`,
        bounds: job.bounds.join(','), minzoom: String(job.minZoom), maxzoom: String(job.maxZoom), attribution: source.attribution ?? '',
        // The archive is in its source's system: a GCJ-02 source's tiles stay GCJ-02.
        griddesk_crs: source.crs,
        // What resume needs after a restart (no key: the source's template is read again).
        griddesk_job: JSON.stringify({ ...area, bounds: job.bounds, name: job.name }),
      });
      writer.save();
      for (const [z, x, y] of tilesOf(tileRanges(job.bounds, job.minZoom, job.maxZoom))) {
        // The workspace was closed (another one opened): stop as if cancelled; resumable when it reopens.
        if (!abort.signal.aborted && !this.repo.isOpen()) abort.abort(new Error('workspace closed'));
        if (abort.signal.aborted) break;
        if (writer.has(z, x, y)) {
          job.stored++;
          job.skipped++;
          continue;
        }
        let outcome;
        try {
          outcome = await fetcher.get(tileUrl(source.urlTemplate, source.subdomains, z, x, y), abort.signal);
        } catch (err) {
          if (abort.signal.aborted) break;
          throw err;
        }
        job.requests = fetcher.requests;
        if (outcome.kind === 'tile') {
          writer.put(z, x, y, outcome.data);
          job.stored++;
          job.bytes += outcome.data.length;
          format ??= formatOfTile(outcome.data);
          tileSize ??= tilePixelSize(outcome.data);
        } else if (outcome.kind === 'missing') job.missing++;
        else {
          job.failed++;
          if (job.failedTiles.length < REPORTED_FAILURES) job.failedTiles.push({ z, x, y, reason: outcome.reason });
          if (job.stored === 0 && job.failed >= (this.options.giveUpAfter ?? 20)) {
            throw new Error(`${source.name} 连续 ${job.failed} 个瓦片都没有取到（${outcome.reason}），已停止 (source keeps refusing)`);
          }
        }
        if (now() - lastSave >= (this.options.saveEveryMs ?? 10_000)) {
          writer.save();
          lastSave = now();
        }
      }
      if (format) writer.setMetadata({ format });
      writer.save();
    } finally {
      writer.close();
    }
    if (abort.signal.aborted) {
      job.state = 'cancelled';
      job.message = `已取消：已保存 ${job.stored} / ${job.total} 个瓦片，可继续下载 (cancelled; resume skips stored tiles)`;
      return;
    }
    if (job.stored === 0) throw new Error(`没有取到任何瓦片${job.failedTiles[0] ? `（${job.failedTiles[0].reason}）` : ''}`);
    const target = path.join(this.dir, `${job.jobId}.mbtiles`);
    fs.renameSync(partial, target);
    job.fileName = path.basename(target);
    job.basemapId = this.repo.save(
      {
        id: null, name: job.name, kind: 'mbtiles', urlTemplate: null, filePath: target, crs: source.crs,
        minZoom: job.minZoom, maxZoom: job.maxZoom, bounds: JSON.stringify(job.bounds), attribution: source.attribution,
        isDefault: 0, sortOrder: 0, apiKey: null,
      },
      { tileSize: tileSize ?? 256 },
    );
    job.state = 'done';
    job.message = job.failed ? `完成，${job.failed} 个瓦片多次重试后仍失败 (gave up on ${job.failed} tile(s))` : null;
  }
}

/** A file-name-safe id, unused by any archive or partial download in the folder. */
function uniqueSlug(dir: string, name: string, inUse: Set<string>): string {
  const base = name.replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '') || 'offline';
  for (let n = 0; ; n++) {
    const slug = `${base}${n ? `-${n}` : ''}`;
    const taken = fs.existsSync(path.join(dir, `${slug}.mbtiles`)) || fs.existsSync(path.join(dir, `${slug}${PARTIAL_SUFFIX}`));
    if (!taken && !inUse.has(slug)) return slug;
  }
}
