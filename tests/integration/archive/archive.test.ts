import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../electron/contract';
import { Backend } from '../../../electron/services/backend/backend';
import type { WorkspaceServices } from '../../../electron/services/backend/workspace-services';
import { maskFreeText, maskPhone } from '../../../electron/services/cases/personal-data';
import { SNAPSHOT_FILE } from '../../../electron/services/db/durable-database';
import { repoRoot } from '../../support/build';
import { signIn } from '../../support/sign-in';

/**
 * The working set on the demo district (50,000 cases, November 2025 to October 2026): keeping six
 * months in full slims every case closed before June 2026 into monthly archive files. Nothing a
 * statistic reads changes, the drawer shows the whole case from its file, a package sends it whole,
 * and a change from another desk brings it back in full before it is replayed.
 */
describe('archiving older closed cases', () => {
  let root: string;
  let backend: Backend;
  const services = (): WorkspaceServices => backend.openedServices!;
  const db = () => backend.openedWorkspace!.db;
  const months = ['2025-12', '2026-03', '2026-05', '2026-08'];
  // Every level: the dispatcher's figures read the dispatched, returned and reopened events a slim case keeps.
  const LEVELS = ['street', 'community', 'grid', 'department', 'grid_worker', 'dispatcher', 'handler'] as const;
  let ratesBefore: unknown[];
  let sample: number[];
  let detailsBefore: CaseDetail[];
  let sentBefore: unknown;
  let eventsBefore: number;
  let snapshotBefore: number;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'griddesk-archive-'));
    backend = new Backend({ configDir: path.join(root, 'config'), resourcesDir: path.join(repoRoot, 'resources') });
    await backend.createWorkspace(path.join(root, 'desk'), true);
    await signIn(backend);
    ratesBefore = await Promise.all(months.flatMap((month) => LEVELS.map((level) => backend.call('rates:ranking', { month, level }))));
    sample = db().all<{ id: number }>(
      `SELECT id FROM cases WHERE status = 'closed' AND closed_at < ? AND description IS NOT NULL ORDER BY id LIMIT 5`, [Date.UTC(2026, 4, 31, 16)],
    ).map((r) => r.id);
    detailsBefore = sample.map((id) => services().cases.unmasked(id));
    // Sending makes the first case's base: what it sends must be the same once it is slim.
    sentBefore = services().sync.extract([sample[0]!]);
    eventsBefore = db().get<{ n: number }>('SELECT count(*) AS n FROM case_events')!.n;
    await db().checkpoint();
    snapshotBefore = fs.statSync(path.join(root, 'desk', SNAPSHOT_FILE)).size;
  }, 300_000);
  afterAll(async () => {
    await backend.closeWorkspace();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('plans by month, archives every eligible case into monthly files and gives the space back', async () => {
    const plan = await backend.call('archive:plan', { keepMonths: 6 });
    expect(plan.months.map((m) => m.month).every((m) => m < '2026-06')).toBe(true);
    expect(plan.eligibleCases).toBeGreaterThan(20_000);
    const run = await backend.call('archive:run', { keepMonths: 6 });
    expect(run.cases).toBe(plan.eligibleCases);
    expect(run.files.map((f) => f.file)).toContain('archives/2026/2026-05.gdarchive');
    for (const file of run.files) expect(fs.existsSync(path.join(root, 'desk', file.file))).toBe(true);
    const after = await backend.call('archive:plan', {});
    expect(after).toMatchObject({ keepMonths: 6, eligibleCases: 0, archivedCases: plan.eligibleCases, files: run.files.length });
    expect(db().get<{ n: number }>('SELECT count(*) AS n FROM case_events')!.n).toBeLessThan(eventsBefore * 0.6);
    expect(db().get<{ n: number }>('SELECT count(*) AS n FROM cases WHERE description IS NOT NULL AND id IN (SELECT case_id FROM case_archive)')!.n).toBe(0);
    expect(fs.statSync(path.join(root, 'desk', SNAPSHOT_FILE)).size).toBeLessThan(snapshotBefore * 0.8);
  }, 300_000);

  it('leaves every month of the three rates as it was', async () => {
    const ratesAfter = await Promise.all(months.flatMap((month) => LEVELS.map((level) => backend.call('rates:ranking', { month, level }))));
    expect(ratesAfter).toEqual(ratesBefore);
  });

  it('shows a slim case whole, from its file, marked as archived', () => {
    for (const [i, id] of sample.entries()) {
      const detail = services().cases.unmasked(id);
      expect(detail.archive).toMatchObject({ problem: null });
      expect(detail.archive!.archivedAt).toBeGreaterThan(0);
      expect({ ...detail, archive: null }).toEqual(detailsBefore[i]);
    }
  });

  it('exports a slim case whole, its texts and caller read from its file', async () => {
    const id = sample[3]!;
    const { caseNo } = detailsBefore[3]!;
    const page = await backend.call('export:case-rows', { filter: { text: caseNo }, offset: 0, limit: 10 });
    const column = (header: string) => page.columns.findIndex((c) => c.header === header);
    const row = page.rows.find((r) => r[column('案件编号')] === caseNo)!;
    expect(db().get('SELECT 1 AS one FROM case_archive WHERE case_id = ?', [id])).toBeDefined();
    expect(row[column('问题描述')]).toBe(maskFreeText(detailsBefore[3]!.description));
    expect(row[column('联系电话')]).toBe(maskPhone(detailsBefore[3]!.reporterPhone));
    expect(row[column('问题描述')]).not.toBeNull();
  });

  it('sends a slim case as it sent it in full', () => {
    expect(services().sync.extract([sample[0]!])).toEqual(sentBefore);
  });

  it('names a damaged archive file instead of failing the drawer', () => {
    const { file } = db().get<{ file: string }>('SELECT file FROM case_archive WHERE case_id = ?', [sample[1]!])!;
    const full = path.join(root, 'desk', file);
    const original = fs.readFileSync(full);
    try {
      const damaged = Buffer.from(original);
      damaged[damaged.length - 10] ^= 0xff;
      fs.writeFileSync(full, damaged);
      const detail = services().cases.unmasked(sample[1]!);
      expect(detail.archive!.problem).toContain(path.basename(file));
      expect(detail.events.length).toBeGreaterThan(0);
    } finally {
      fs.writeFileSync(full, original);
    }
  });

  it('brings a slim case back in full when someone acts on it again', async () => {
    // One that may be reopened: not called back as solved and satisfied.
    const { id } = db().get<{ id: number }>(
      `SELECT c.id FROM cases c JOIN case_archive a ON a.case_id = c.id
       WHERE (c.solved = 0 OR c.satisfaction = 'unsatisfied') AND c.description IS NULL AND c.reporter_name IS NULL ORDER BY c.id LIMIT 1`,
    )!;
    const slim = services().cases.unmasked(id);
    expect(slim.description).not.toBeNull();
    await backend.call('workflow:transition', { caseId: id, action: 'reopen', fields: { note: '群众再次来电反映' } });
    expect(db().get('SELECT 1 AS one FROM case_archive WHERE case_id = ?', [id])).toBeUndefined();
    const after = services().cases.unmasked(id);
    expect(after).toMatchObject({ archive: null, status: 'dispatched', description: slim.description, reporterName: slim.reporterName });
    expect(db().get<{ n: number }>('SELECT count(*) AS n FROM case_events WHERE case_id = ?', [id])!.n).toBe(slim.events.length + 1);
  });

  it('brings a slim case back in full before a change from elsewhere replays it', () => {
    const id = sample[0]!;
    const before = detailsBefore[0]!;
    const [base] = services().sync.extract([id]);
    const uid = base!.caseUid;
    // A change another desk made to the case: a reopen, recorded there after everything here.
    const hlc = `${String(Date.now() + 60_000).padStart(13, '0')}-0000`;
    services().sync.apply([{
      kind: 'case_event', id: 'elsewhere:e1', caseUid: uid, hlc, origin: 'elsewhere', place: base!.place,
      event: { at: Date.now(), actor: null, actorName: '社区工作站', action: 'reopened', from: 'closed', to: 'dispatched', note: '群众再次反映', data: null, patch: null },
    }]);
    expect(db().get('SELECT 1 AS one FROM case_archive WHERE case_id = ?', [id])).toBeUndefined();
    const after = services().cases.unmasked(id);
    expect(after.archive).toBeNull();
    expect(after.status).toBe('dispatched');
    expect(after.description).toBe(before.description);
    expect(after.reporterPhone).toBe(before.reporterPhone);
    expect(after.events.map((e) => e.id).slice(0, before.events.length)).toEqual(before.events.map((e) => e.id));
  });
});
