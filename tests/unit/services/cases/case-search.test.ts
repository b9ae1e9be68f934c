import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { CASE_T0, caseInsert, insertOldVersionCase } from '../../../fixtures/case-insert';
import { tempDir } from '../../../support/temp';

const T0 = CASE_T0;

const row = caseInsert;

/** Full-text search on real sql.js files: the FTS4 bigram index, caught up from high-water marks. */
describe('case full-text search', () => {
  let dir: string;
  let db: DurableDatabase;
  let repo: CaseRepository;
  const find = (text: string) => repo.list({ text }, 0, 50, T0).rows.map((r) => r.title).sort();

  beforeEach(async () => {
    dir = tempDir();
    db = await DurableDatabase.open(dir, { migrations });
    repo = new CaseRepository(db);
    repo.insertReceived(row('井盖丢失', { address: '东城区朝阳路12号院', description: '人行道上的井盖不见了', externalNo: '2603010001' }));
    repo.insertReceived(row('路灯不亮', { address: '和平里北街3号', description: '夜间路灯全部熄灭' }));
    repo.insertReceived(row('噪音扰民', { address: '朝阳门内大街', description: '施工噪音到深夜', reporterName: '王秀英', reporterPhone: '13912345678' }));
  });
  afterEach(async () => {
    await db.close({ checkpoint: false });
  });

  it('finds Chinese substrings of one, two and three or more characters', () => {
    expect(find('井')).toEqual(['井盖丢失']);
    expect(find('灯')).toEqual(['路灯不亮']);
    expect(find('朝阳')).toEqual(['井盖丢失', '噪音扰民']);
    expect(find('朝阳路')).toEqual(['井盖丢失']);
    expect(find('全部熄灭')).toEqual(['路灯不亮']);
    // Both bigrams occur, but not next to each other: a substring search must not match.
    expect(find('井丢')).toEqual([]);
    expect(find('盖丢失')).toEqual(['井盖丢失']);
  });

  it('finds mixed Chinese and ASCII, external numbers and case numbers', () => {
    expect(find('朝阳路 12号')).toEqual(['井盖丢失']);
    expect(find('2603010001')).toEqual(['井盖丢失']);
    expect(find('26030100')).toEqual(['井盖丢失']);
    expect(find('3号')).toEqual(['路灯不亮']);
    const caseNo = repo.list({}, 0, 1, T0).rows[0]!.caseNo;
    expect(repo.list({ text: caseNo }, 0, 5, T0).rows.map((r) => r.caseNo)).toEqual([caseNo]);
  });

  it('leaves merged duplicates out of the results and the count', () => {
    expect(repo.list({ text: '朝阳' }, 0, 10, T0).total).toBe(2);
    db.transaction((tx) => tx.run(`UPDATE cases SET merged_into_id = 1 WHERE title = '噪音扰民'`));
    const page = repo.list({ text: '朝阳' }, 0, 10, T0);
    expect([page.total, page.rows.map((r) => r.title)]).toEqual([1, ['井盖丢失']]);
  });

  it('never indexes the reporter name or phone', () => {
    expect(find('王秀英')).toEqual([]);
    expect(find('13912345678')).toEqual([]);
  });

  it('indexes new cases before the next search, and a changed case by its new text only', () => {
    expect(find('积水')).toEqual([]);
    const { id } = repo.insertReceived(row('道路积水'));
    expect(find('积水')).toEqual(['道路积水']);
    // A re-import changes a case's text and writes a timeline event, as the import does.
    db.transaction((tx) => {
      tx.run('UPDATE cases SET title = ?, description = ?, updated_at = ? WHERE id = ?', ['违章停车', '小区门口占道停车', T0 + 1, id]);
      tx.run(`INSERT INTO case_events (case_id, at, actor_name, action) VALUES (?, ?, '导入', 'import_updated')`, [id, T0 + 1]);
    });
    expect(find('积水')).toEqual([]);
    expect(find('占道停车')).toEqual(['违章停车']);
  });

  it('drops cases removed by an undone import and indexes a new case that reuses the id', () => {
    // An import inserts cases without events; undoing it deletes them and frees their ids.
    const importCase = (no: string, title: string) => db.transaction((tx) => tx.insert(
      `INSERT INTO cases (case_no, source, title, status, received_at, import_batch_id, created_at, updated_at)
       VALUES (?, 'import', ?, 'received', ?, 1, ?, ?)`, [no, title, T0, T0, T0]));
    db.transaction((tx) => tx.run(`INSERT INTO import_batches (id, kind, file_name, status, started_at) VALUES (1, 'cases', 'a.csv', 'committed', ?)`, [T0]));
    const id = importCase('IMP-1', '垃圾满溢');
    expect(find('垃圾')).toEqual(['垃圾满溢']);
    db.transaction((tx) => {
      tx.run('DELETE FROM cases WHERE import_batch_id = 1');
      tx.run(`UPDATE import_batches SET status = 'undone', undone_at = ? WHERE id = 1`, [T0]);
    });
    // A second import takes the freed id before anyone searches.
    db.transaction((tx) => tx.run(`INSERT INTO import_batches (id, kind, file_name, status, started_at) VALUES (2, 'cases', 'b.csv', 'committed', ?)`, [T0]));
    expect(importCase('IMP-2', '共享单车乱停')).toBe(id);
    expect(find('垃圾')).toEqual([]);
    expect(find('单车')).toEqual(['共享单车乱停']);
  });

  it('finds cases the index has not reached yet (a search indexes only so many itself)', () => {
    db.transaction((tx) => {
      for (let i = 0; i < 2_500; i++) {
        tx.run(`INSERT INTO cases (case_no, source, title, status, received_at, created_at, updated_at) VALUES (?, 'import', ?, 'closed', ?, ?, ?)`,
          [`IMP-${i}`, i === 2_499 ? '共享单车堆放' : `批量导入 ${i}`, T0, T0, T0]);
      }
    });
    expect(find('共享单车')).toEqual(['共享单车堆放']);
    const { indexedTo, maxId } = repo.search.progress();
    expect(indexedTo).toBeLessThan(maxId);
    expect(repo.list({ text: '批量导入' }, 0, 1, T0).total).toBe(2_499);
    while (!repo.search.catchUp(1_000));
    expect(find('共享单车')).toEqual(['共享单车堆放']);
    expect(repo.list({ text: '批量导入' }, 0, 1, T0).total).toBe(2_499);
  });

  it('keeps the index and its marks together across a snapshot and reopening', async () => {
    expect(find('路灯')).toEqual(['路灯不亮']);
    await db.close();
    db = await DurableDatabase.open(dir, { migrations });
    repo = new CaseRepository(db);
    expect(repo.search.progress().indexedTo).toBe(3);
    repo.insertReceived(row('路灯杆倾斜'));
    expect(find('路灯')).toEqual(['路灯不亮', '路灯杆倾斜']);
  });
});

describe('migration 004 (case search, saved views)', () => {
  it('upgrades a version-3 workspace with cases: they are found by text, views can be saved', async () => {
    const dir = tempDir();
    const v3 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 3) });
    insertOldVersionCase(v3, row('老旧小区加装电梯', { address: '安定门东大街' }));
    await v3.close();
    const v4 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 4) });
    try {
        expect(v4.get<{ user_version: number }>('PRAGMA user_version')!.user_version).toBe(4);
      const repo = new CaseRepository(v4);
      expect(repo.search.progress()).toEqual({ indexedTo: 0, maxId: 1 });
      expect(repo.list({ text: '电梯' }, 0, 10, T0).rows.map((r) => r.title)).toEqual(['老旧小区加装电梯']);
      expect(repo.list({ text: '安定门' }, 0, 10, T0).total).toBe(1);
      const view = repo.views.save('东城 · 电梯', { text: '电梯', status: ['received'] }, T0);
      expect(repo.views.save('东城 · 电梯', { text: '加装电梯' }, T0 + 1).id).toBe(view.id);
      expect(repo.views.list()).toEqual([{ id: view.id, name: '东城 · 电梯', filter: { text: '加装电梯' }, updatedAt: T0 + 1 }]);
      expect(v4.get<{ integrity_check: string }>('PRAGMA integrity_check')!.integrity_check).toBe('ok');
    } finally {
      await v4.close();
    }
  });
});
