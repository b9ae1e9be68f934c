/**
 * The working set (issue 14): a desk keeps open cases and the last N months of closed ones in full.
 * An older closed case becomes slim: its row keeps everything statistics read, and its texts,
 * caller's data and the events no statistic reads go to a monthly archive file. The file is
 * written and synced before the transaction that slims the cases, so a crash at any moment leaves
 * either the full cases or the slim ones with their file; no month's figures change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArchivePlan, ArchiveRun } from '../../contract';
import type { Transaction } from '../db/transaction';
import { beijingTime } from '../calendar/work-calendar';
import { monthBounds } from '../rates/rates.service';
import type { ArchivedDetail } from '../cases/case.service';
import { AppError } from '../shared/app-error';
import { nextArchiveFile, readArchiveFile, writeArchiveFile, type ArchivedCase } from './archive-file';
import type { ArchiveRepository } from './archive.repository';

/** Two years in full by default: this year's and last year's comparisons read descriptions. */
export const DEFAULT_KEEP_MONTHS = 24;
/** Cases per file and per transaction: a large month is written in parts. */
const PART_CASES = 20_000;

type Reader = Pick<Transaction, 'all' | 'get'>;

export class ArchiveService {
  /** The file read last: a drill-down usually opens several cases of one month. */
  private lastRead: { file: string; cases: Map<number, ArchivedCase> } | undefined;

  constructor(
    private readonly repo: ArchiveRepository,
    private readonly workspaceDir: string,
    private readonly workspaceId: () => string,
    private readonly clock: () => number = Date.now,
    /** Gives the freed pages back (DurableDatabase.compact): slimming alone leaves the file its size. */
    private readonly compact: () => Promise<void> = async () => undefined,
  ) {}

  keepMonths(): number {
    return this.repo.keepMonths() ?? DEFAULT_KEEP_MONTHS;
  }

  setKeepMonths(months: number): void {
    this.repo.setKeepMonths(months);
  }

  /** What archiving would do now: the months before the kept ones, with their closed cases still in full. */
  plan(keepMonths = this.keepMonths()): ArchivePlan {
    const cutoff = cutoffOf(this.clock(), keepMonths);
    const months = this.repo.eligibleByMonth(cutoff);
    const totals = this.repo.totals();
    return {
      keepMonths, cutoff, months, eligibleCases: months.reduce((sum, m) => sum + m.cases, 0),
      archivedCases: totals.cases, files: totals.files,
    };
  }

  /** Archives every eligible month, a part at a time, then compacts the database once. */
  async run(keepMonths = this.keepMonths()): Promise<ArchiveRun> {
    const { cutoff, months } = this.plan(keepMonths);
    const written: ArchiveRun['files'] = [];
    for (const { month } of months) {
      const { from, to } = monthBounds(month);
      const ids = this.repo.eligibleIds(from, Math.min(to, cutoff));
      for (let start = 0; start < ids.length; start += PART_CASES) written.push(this.archivePart(month, ids.slice(start, start + PART_CASES)));
    }
    if (written.length > 0) await this.compact();
    return { cases: written.reduce((sum, f) => sum + f.cases, 0), files: written };
  }

  private archivePart(month: string, ids: readonly number[]): ArchiveRun['files'][number] {
    const parts = this.repo.caseParts(ids);
    const file = nextArchiveFile(this.workspaceDir, month);
    const now = this.clock();
    const bytes = writeArchiveFile(path.join(this.workspaceDir, file), { workspaceId: this.workspaceId(), month, createdAt: now }, parts);
    this.repo.slim(ids, file, now);
    return { file, month, cases: ids.length, bytes };
  }

  any(tx: Reader): boolean {
    return this.repo.anyArchived(tx);
  }

  /** The archived parts of the slim cases among these (read-only: a drawer, a package, a push). */
  read(tx: Reader, caseIds: readonly number[]): Map<number, ArchivedCase & { archivedAt: number }> {
    const out = new Map<number, ArchivedCase & { archivedAt: number }>();
    const byFile = new Map<string, { id: number; archivedAt: number }[]>();
    for (const [id, { file, archivedAt }] of this.repo.archivedAmong(tx, caseIds)) byFile.set(file, [...(byFile.get(file) ?? []), { id, archivedAt }]);
    for (const [file, cases] of byFile) {
      const held = this.file(file);
      for (const { id, archivedAt } of cases) {
        const parts = held.get(id);
        if (!parts) throw new AppError('archive_unreadable', `归档文件 ${path.basename(file)} 中没有案件 ${id}：请从备份放回该文件`);
        out.set(id, { ...parts, archivedAt });
      }
    }
    return out;
  }

  /** A slim case's texts and full timeline, for the drawer (masking and scope stay with the case service). */
  detailOf(caseId: number): ArchivedDetail {
    const parts = this.read(this.repo.reader(), [caseId]).get(caseId);
    if (!parts) return { description: null, reporterName: null, reporterPhone: null, events: [] };
    return {
      description: parts.columns.description, reporterName: parts.columns.reporter_name, reporterPhone: parts.columns.reporter_phone,
      events: parts.events.map((e) => ({
        id: e.id, at: e.at, actorName: e.actorName, action: e.action, actorStaffId: e.actorStaffId, data: e.data, fromStatus: e.from, toStatus: e.to, note: e.note,
      })),
    };
  }

  /** Rows of an export or a report: a slim case's texts and caller filled from its file, one file read at a time. */
  fillSlimmed(rows: { id: number; description: string | null; reporterName: string | null; reporterPhone: string | null }[]): void {
    const reader = this.repo.reader();
    if (rows.length === 0 || !this.repo.anyArchived(reader)) return;
    const slim = this.repo.archivedAmong(reader, rows.map((r) => r.id));
    const byFile = new Map<string, typeof rows>();
    for (const row of rows) {
      const file = slim.get(row.id)?.file;
      if (file) byFile.set(file, [...(byFile.get(file) ?? []), row]);
    }
    for (const [file, ofFile] of byFile) {
      const held = this.file(file);
      for (const row of ofFile) {
        const columns = held.get(row.id)?.columns;
        if (!columns) continue;
        row.description ??= columns.description;
        row.reporterName ??= columns.reporter_name;
        row.reporterPhone ??= columns.reporter_phone;
      }
    }
  }

  /** A slim case back in full, in a transaction of its own (before someone acts on it); nothing to do for a case in full. */
  bringBack(caseId: number): void {
    if (this.repo.archivedAmong(this.repo.reader(), [caseId]).size === 0) return;
    this.repo.within((tx) => this.restore(tx, [caseId]));
  }

  /** The slim cases among these back in full, inside the caller's transaction (before a replay or a change). */
  restore(tx: Transaction, caseIds: readonly number[]): number {
    const parts = [...this.read(tx, caseIds).values()];
    this.repo.restore(tx, parts);
    return parts.length;
  }

  private file(relative: string): Map<number, ArchivedCase> {
    const full = path.join(this.workspaceDir, relative);
    // Keyed by size and time too: a file put back from a backup (or damaged) is read again.
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    const key = `${relative}|${stat?.size}|${stat?.mtimeMs}`;
    if (this.lastRead?.file !== key) this.lastRead = { file: key, cases: readArchiveFile(full, this.workspaceId()) };
    return this.lastRead.cases;
  }
}

/** The first instant of the Beijing month `keepMonths` before the current one: closed before it, a case may be archived. */
export function cutoffOf(now: number, keepMonths: number): number {
  const day = new Date(now + 8 * 3_600_000);
  const index = day.getUTCFullYear() * 12 + day.getUTCMonth() - keepMonths;
  return beijingTime(Math.floor(index / 12), (index % 12) + 1, 1);
}
