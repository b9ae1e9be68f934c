import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ImportMapping, type ExportedFile as FileDownload, type ImportBatch, type ImportProgress, type ImportResult, type ImportTemplate,
  type ImportTableOptions as TableOptions,
} from '../../contract';
import type { Scope } from '../auth/scope';
import { AppError } from '../shared/app-error';
import type { SqlValue } from '../db/durable-database';
import { detectDateFormat } from './dates';
import type { FileRef } from './file-ref';
import { suggestFromContent } from './content-suggestions';
import { headerSignature, signatureOverlap, suggestColumns } from './field-suggestions';
import { GridIndex } from './grid-index';
import { CancelledError, analyse, type Analysis } from './import-analysis';
import { ImportScope } from './import-scope';
import type { ImportRepository } from './import.repository';
import { RegionMatcher } from './region-matcher';
import { RosterImport } from './roster-import';
import { StagingArea } from './staging-area';
import { refusedRowsWorkbook } from './refused-rows';
import { inspectTable, type TableInfo } from './table-reader';

interface Job {
  id: string;
  state: ImportProgress['state'];
  phase: ImportProgress['phase'];
  rowsDone: number;
  progress: number;
  startedAt: number;
  file: string;
  fileName: string;
  table: TableInfo;
  mapping: ImportMapping;
  /** The scope of the account that started the job: its rows are checked against it. */
  scope: Scope;
  staffId: number | null;
  cancelled: boolean;
  analysis: Analysis | null;
  result: ImportResult | null;
  error: string | null;
  done: Promise<void>;
}

/**
 * Spreadsheet import as a job API: start → poll progress → commit or cancel. The analysis runs in
 * batches and yields between them, so the (single-threaded) backend keeps answering progress
 * polls; in Electron the backend is a worker thread, so the UI thread never parses anything.
 */
export class ImportService {
  private readonly jobs = new Map<string, Job>();
  /** Staff lists and grid lists, through the same staging and table reading. */
  readonly roster: RosterImport;
  /** Uploaded files: capped as they arrive, deleted when their job ends; leftovers swept at start. */
  readonly staging: StagingArea;

  constructor(
    private readonly repo: ImportRepository,
    workspaceDir: string,
    private readonly clock: () => number = Date.now,
    /** Called when a commit deferred indexes (see DeferredIndexesRepository): start rebuilding them. */
    private readonly onIndexesDeferred: () => void = () => undefined,
    /**
     * Who is signed in: rows outside their scope are refused, batches outside it neither listed nor
     * undone, and a job is theirs alone (after a switch of operator the next one starts their own).
     */
    private readonly session: () => { scope: Scope; staffId: number | null } = () => ({ scope: { kind: 'all' }, staffId: null }),
  ) {
    this.staging = new StagingArea(workspaceDir);
    this.roster = new RosterImport(repo.roster(), (ref) => this.resolve(ref), clock, (file, error) =>
      error === undefined ? this.staging.discard(file) : this.staging.discardAfter(file, error),
    );
  }

  /** Appends a chunk of an uploaded file; returns its staging id. */
  stage(fileName: string, dataBase64: string, stagedId?: string): { stagedId: string; bytes: number } {
    return this.staging.stage(fileName, dataBase64, stagedId);
  }

  resolve(ref: FileRef): { file: string; fileName: string } {
    if ('path' in ref) {
      if (!fs.existsSync(ref.path)) throw new AppError('not_found', `${ref.path}: 文件不存在`);
      return { file: ref.path, fileName: path.basename(ref.path) };
    }
    return { file: this.staging.resolve(ref.stagedId, ref.fileName), fileName: ref.fileName };
  }

  /** The table, the suggested mapping (a recognised template's, or automatic), and date formats seen. */
  inspect(ref: FileRef, options: TableOptions) {
    const { file, fileName } = this.resolve(ref);
    let table: TableInfo;
    try {
      table = inspectTable(file, options, fileName);
    } catch (error) {
      this.staging.discardIfHopeless(file, error);
    }
    const detectedDateFormats: ImportMapping['dateFormats'] = {};
    const template = this.recognise(table.headers);
    const columns = template?.mapping.columns ?? this.suggest(table);
    for (const field of ['receivedAt', 'closedAt', 'handlingDueAt'] as const) {
      const index = columns[field] ? table.headers.indexOf(columns[field]) : -1;
      if (index < 0) continue;
      const format = detectDateFormat(table.sample.map((row) => row.cells[index] ?? ''));
      if (format) detectedDateFormats[field] = format;
    }
    // A column empty in the first rows (deadlines often are) most likely shares the file's other dates' format.
    const fallback = detectedDateFormats.receivedAt ?? detectedDateFormats.closedAt ?? detectedDateFormats.handlingDueAt;
    for (const field of ['receivedAt', 'closedAt', 'handlingDueAt'] as const) {
      if (columns[field] && !detectedDateFormats[field] && fallback) detectedDateFormats[field] = fallback;
    }
    const remembered = this.rememberedValueMaps();
    const mapping = template
      ? template.mapping
      : ImportMapping.parse({ columns, dateFormats: detectedDateFormats, valueMaps: remembered });
    return { table, mapping, templateName: template?.name ?? null, detectedDateFormats };
  }

  start(ref: FileRef, options: TableOptions, mapping: ImportMapping): { jobId: string } {
    const { file, fileName } = this.resolve(ref);
    let table: TableInfo;
    try {
      table = inspectTable(file, options, fileName);
    } catch (error) {
      this.staging.discardIfHopeless(file, error);
    }
    const missing = Object.entries(mapping.columns).filter(([, header]) => !table.headers.includes(header!));
    if (missing.length) throw new AppError('invalid_mapping', `${fileName}: 找不到列 ${missing.map(([, h]) => `“${h}”`).join('、')}`);
    if (!mapping.columns.receivedAt) throw new AppError('invalid_mapping', `${fileName}: 必须指定受理时间列`);
    // Files of earlier jobs that are over (kept for a download of their set-aside rows) go now.
    for (const old of this.jobs.values()) if (old.state !== 'running' && old.state !== 'ready' && old.file !== file) this.staging.discard(old.file);
    const job: Job = {
      id: crypto.randomUUID(), state: 'running', phase: 'reading', rowsDone: 0, progress: 0, startedAt: this.clock(), file, fileName,
      table, mapping, ...this.owner(), cancelled: false, analysis: null, result: null, error: null, done: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    job.done = this.run(job);
    return { jobId: job.id };
  }

  /** Resolves when the job has finished analysing (for the CLI and tests). */
  async wait(jobId: string): Promise<ImportProgress> {
    await this.job(jobId).done;
    return this.progress(jobId);
  }

  private async run(job: Job): Promise<void> {
    try {
      const regions = this.repo.regions();
      const lookups = { categories: this.repo.categories(), departments: this.repo.departments(), regions: new RegionMatcher(regions) };
      const grids = new GridIndex(this.repo.gridShapes(regions));
      const scope = new ImportScope(job.scope, regions, (id) => lookups.departments.find((d) => d.id === id)?.name);
      job.analysis = await analyse(job.file, job.fileName, job.table, job.mapping, lookups, grids, scope, (withUnnumbered) => this.repo.existing(job.mapping.source, withUnnumbered), (from, to) => this.repo.receivedBetween(from, to), {
        progress: (phase, rowsDone, share) => Object.assign(job, { phase, rowsDone, progress: share }),
        cancelled: () => job.cancelled,
        yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
      });
      Object.assign(job, { state: 'ready', phase: 'done', progress: 1, rowsDone: job.analysis.report.rowsTotal });
    } catch (error) {
      job.state = error instanceof CancelledError ? 'cancelled' : 'failed';
      job.error = (error as Error).message;
      this.staging.discard(job.file);
    }
  }

  progress(jobId: string): ImportProgress {
    const job = this.job(jobId);
    const seconds = Math.max(0.001, (this.clock() - job.startedAt) / 1000);
    const rowsPerSecond = job.rowsDone / seconds;
    const eta = job.state === 'running' && job.progress > 0.01 ? (seconds * (1 - job.progress)) / job.progress : null;
    return {
      jobId, state: job.state, phase: job.phase, rowsDone: job.rowsDone, progress: job.progress, rowsPerSecond: Math.round(rowsPerSecond),
      etaSeconds: eta === null ? null : Math.round(eta), report: job.analysis?.report ?? null, result: job.result, error: job.error,
    };
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.job(jobId);
    if (job.state === 'committed' || job.state === 'committing') return { cancelled: false };
    job.cancelled = true;
    // A running job stops at its next batch and deletes the file then (run's catch).
    if (job.state === 'ready') {
      job.state = 'cancelled';
      this.staging.discard(job.file);
    }
    job.analysis = null;
    return { cancelled: true };
  }

  /** Writes a ready job in one transaction; nothing is written if anything fails. */
  commit(jobId: string, actorName: string, actorStaffId: number | null = null): ImportResult {
    const job = this.job(jobId);
    if (job.state !== 'ready' || !job.analysis) throw new AppError('not_ready', `导入任务状态为 ${job.state}，不能提交`);
    job.state = 'committing';
    const { analysis } = job;
    try {
      const written = this.repo.commit({
        fileName: job.fileName, encoding: job.table.encoding, sheet: job.table.sheet, mapping: JSON.stringify(job.mapping),
        source: job.mapping.source, rows: analysis.rows, problems: analysis.problems.details, rowsTotal: analysis.report.rowsTotal,
        refused: analysis.report.refused, actorName, actorStaffId, startedAt: job.startedAt, now: this.clock(),
      });
      job.result = { ...written, refused: analysis.report.refused, rowsTotal: analysis.report.rowsTotal };
      job.state = 'committed';
      // The prepared rows are written; keep only what the report and the refused-rows download need.
      analysis.rows.clear();
      this.rememberValueMaps(job.mapping);
      if (written.indexesDeferred) this.onIndexesDeferred();
      return job.result;
    } catch (error) {
      job.state = 'failed';
      job.error = (error as Error).message;
      throw error;
    } finally {
      this.releaseAfterCommit(job);
    }
  }

  /** The refused (and set-aside) rows as they were in the file, with the reasons in a first column, to fix and re-import. */
  async refusedWorkbook(jobId: string): Promise<FileDownload> {
    const job = this.job(jobId);
    if (!job.analysis) throw new AppError('not_ready', '没有可下载的校验结果');
    return refusedRowsWorkbook(job.file, job.fileName, job.table, job.analysis);
  }

  /** The batches of the account's scope: any for the whole area; else its own and those that brought cases into its scope. */
  batches(): ImportBatch[] {
    const { scope, staffId } = this.session();
    return this.repo.history().batches(scope, staffId);
  }

  /**
   * Undoes a batch. Its new cases are deleted: their only record of creation is the batch itself
   * (import_batches keeps file, time and status 'undone'; audit_log the undo), so no timeline event
   * is erased. Cases it updated get back the values their 'import_updated' event saved, with an
   * 'import_undone' event appended. Refused when cases have history since the import.
   */
  undo(batchId: number, actorName: string, actorStaffId: number | null = null): { removed: number; restored: number } {
    const batch = this.repo.history().batch(batchId);
    if (!batch) throw new AppError('not_found', `导入批次 ${batchId} 不存在`);
    if (batch.status === 'undone') throw new AppError('already_undone', `导入批次 ${batchId} 已撤销`);
    if (batch.kind !== 'cases') throw new AppError('not_supported', `批次 ${batchId} 是人员或网格名单导入，不能整批撤销：请重新导入更正后的名单`);
    const outside = this.repo.history().casesOutsideScope(batchId, this.session().scope);
    if (outside) throw new AppError('out_of_scope', `批次 ${batchId} 有 ${outside} 件案件不在您的管辖范围内，不能撤销：请由管辖全部案件的值班员撤销`);
    const worked = this.repo.history().worked(batchId);
    if (worked.length) {
      throw new AppError('undo_blocked', `批次 ${batchId} 的案件已有后续办理记录或已发送给其他工作站，不能整批撤销：${worked.slice(0, 5).map((w) => w.caseNo).join('、')}`, worked);
    }
    const updates = this.repo.history().updates(batchId);
    const later = updates.filter((u) => u.later > 0);
    if (later.length) {
      throw new AppError('undo_blocked', `批次 ${batchId} 更新过的案件此后又有变化，不能撤销：${later.slice(0, 5).map((u) => u.caseNo).join('、')}`, later);
    }
    const restores = updates.map((u) => {
      const before = (JSON.parse(u.data) as { before: Record<string, SqlValue> }).before;
      return { caseId: u.caseId, before, status: String(before.status) };
    });
    return this.repo.history().undo(batchId, restores, actorName, this.clock(), actorStaffId);
  }

  templates(): ImportTemplate[] {
    return this.repo.templates().map((t) => ({ id: t.id, name: t.name, headers: t.signature.split('|'), mapping: ImportMapping.parse(JSON.parse(t.mapping)), updatedAt: t.updatedAt }));
  }

  saveTemplate(name: string, headers: string[], mapping: ImportMapping): { id: number } {
    return { id: this.repo.saveTemplate(name, headerSignature(headers), JSON.stringify(mapping), this.clock()) };
  }

  /** The template whose headers all appear in the file (best overlap wins). */
  templateByName(name: string): ImportTemplate {
    const template = this.templates().find((t) => t.name === name);
    if (!template) throw new AppError('not_found', `没有名为“${name}”的导入模板`);
    return template;
  }

  /** Columns by their headers, then by what they hold (content-suggestions.ts) for the fields still open. */
  private suggest(table: TableInfo): ImportMapping['columns'] {
    const regions = new RegionMatcher(this.repo.regions());
    const names = (list: { name: string }[]) => new Set(list.map((x) => x.name.trim().toLowerCase()));
    return suggestFromContent(table.headers, table.sample.map((r) => r.cells), (headers) => suggestColumns(headers), {
      regions, categoryNames: names(this.repo.categories()), departmentNames: names(this.repo.departments()),
    });
  }

  private recognise(headers: string[]): ImportTemplate | undefined {
    const scored = this.repo.templates().map((t) => ({ t, score: signatureOverlap(t.signature, headers) })).filter((s) => s.score >= 0.999);
    const best = scored[0]?.t;
    return best ? this.templates().find((t) => t.id === best.id) : undefined;
  }

  private rememberedValueMaps(): ImportMapping['valueMaps'] {
    const json = this.repo.rememberedValues();
    return ImportMapping.shape.valueMaps.parse(json ? JSON.parse(json) : undefined);
  }

  private rememberValueMaps(mapping: ImportMapping): void {
    const merged = this.rememberedValueMaps();
    for (const key of ['status', 'satisfaction', 'category', 'department'] as const) Object.assign(merged[key], mapping.valueMaps[key]);
    this.repo.rememberValues(JSON.stringify(merged));
  }

  /**
   * A committed or failed job's file is deleted, unless its set-aside rows (not kept in memory) may
   * still be downloaded: then it goes when the next job starts, or with the sweep of leftovers.
   */
  private releaseAfterCommit(job: Job): void {
    const { analysis } = job;
    if (job.state === 'committed' && analysis && (analysis.setAside.length || analysis.outOfScope.length)) return;
    this.staging.discard(job.file);
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not_found', `导入任务 ${jobId} 不存在`);
    if (job.staffId !== this.session().staffId) throw new AppError('forbidden', '这个导入任务由另一位值班人员发起，请重新选择文件导入');
    return job;
  }

  private owner(): { scope: Scope; staffId: number | null } {
    const { scope, staffId } = this.session();
    return { scope, staffId };
  }
}

