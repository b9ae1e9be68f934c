import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../../electron/services/cases/case.repository';
import { DurableDatabase } from '../../../../electron/services/db/durable-database';
import { migrations } from '../../../../electron/services/db/migrations';
import { CASE_T0, caseInsert, insertOldVersionCase } from '../../../fixtures/case-insert';
import { tempDir } from '../../../support/temp';
import { buildSmallDemo, cleanup, type BuiltDemo } from '../demo/demo-fixture';

const T0 = CASE_T0;

const row = caseInsert;

type Text = { id: number; caseNo: string; externalNo: string | null; title: string; address: string | null; description: string | null };

/**
 * What a search means, written out independently of the index: each CJK run of the query occurs
 * in some field; each ASCII word is a word of some field, the last one a word's beginning.
 * For a query of Chinese alone that is exactly SQL LIKE '%…%' over the same fields.
 */
function reference(cases: Text[], query: string): number[] {
  const parts = [...query.normalize('NFKC').toLowerCase().matchAll(/([a-z0-9]+)|([^\p{ASCII}\p{P}\p{S}\p{Z}\p{C}]+)/gu)];
  return cases
    .filter((c) => {
      const fields = [c.caseNo, c.externalNo, c.title, c.address, c.description].filter((f): f is string => !!f).map((f) => f.normalize('NFKC').toLowerCase());
      const words = fields.flatMap((f) => f.match(/[a-z0-9]+/g) ?? []);
      return parts.every((part, i) => {
        if (part[2]) return fields.some((f) => f.includes(part[2]!));
        return i === parts.length - 1 ? words.some((w) => w.startsWith(part[1]!)) : words.includes(part[1]!);
      });
    })
    .map((c) => c.id)
    .sort((a, b) => a - b);
}

/** Every search against its meaning on a real demo workspace (cases made from the shared data). */
describe('case full-text search on a demo workspace', () => {
  let demo: BuiltDemo;
  let repo: CaseRepository;
  let cases: Text[];
  const search = (text: string) => {
    const page = new CaseRepository(demo.db).list({ text }, 0, 100_000, T0);
    return { total: page.total, ids: page.rows.map((r) => r.id).sort((a, b) => a - b) };
  };
  const like = (text: string) => demo.db
    .all<{ id: number }>(
      `SELECT id FROM cases WHERE merged_into_id IS NULL AND (title LIKE ?1 OR address LIKE ?1 OR description LIKE ?1
         OR case_no LIKE ?1 OR external_no LIKE ?1) ORDER BY id`,
      [`%${text}%`],
    )
    .map((r) => r.id);

  beforeAll(async () => {
    demo = await buildSmallDemo(7, 2000);
    repo = new CaseRepository(demo.db);
    // Cases the demo text does not have: full-width digits, runs that touch across punctuation.
    repo.insertReceived(row('楼道堆物', { address: '朝阳路１２号院３号楼', externalNo: '１２３４５６７８' }));
    repo.insertReceived(row('大街，街道', { description: '路口，12路公交站' }));
    repo.insertReceived(row('灯', { address: 'A12座' }));
    while (!repo.search.catchUp(1_000));
    cases = demo.db.all<Text>(
      `SELECT id, case_no AS "caseNo", external_no AS "externalNo", title, address, description FROM cases WHERE merged_into_id IS NULL`,
    );
  }, 120_000);
  afterAll(async () => {
    await cleanup([demo]);
  });

  it('finds one Chinese character exactly where LIKE does', () => {
    for (const q of ['灯', '路', '井', '街', '噪']) {
      const found = search(q);
      expect(found.ids.length, q).toBeGreaterThan(0);
      expect(found, q).toEqual({ total: like(q).length, ids: like(q) });
    }
  });

  it('finds Chinese phrases exactly where LIKE does, never across punctuation', () => {
    for (const q of ['井盖', '占道经营', '楼道堆物', '施工扰民', '号院', '大街道', '路口']) {
      const ids = like(q);
      expect(search(q), q).toEqual({ total: ids.length, ids });
    }
    // '大街，街道' has the bigrams of 大街道 one after the other, but not the text.
    const touching = cases.find((c) => c.title === '大街，街道')!.id;
    expect(search('街道').ids).toContain(touching);
    expect(search('大街道').ids).not.toContain(touching);
  });

  it('finds mixed and numeric queries as their meaning says, half- or full-width', () => {
    for (const q of ['路12', '路１２', '12', '１２', '1', '3号', '号 12', '12345', '1234567', 'a12', 'A1']) {
      const ids = reference(cases, q);
      expect(search(q), q).toEqual({ total: ids.length, ids });
    }
    expect(search('路12').ids.length).toBeGreaterThan(0);
    // Every case with the typed text itself is among them.
    expect(like('路12').every((id) => search('路12').ids.includes(id))).toBe(true);
    expect(search('１２３４５６').ids).toEqual(search('123456').ids);
    expect(search('１２３４５６').total).toBe(1);
  });

  it('finds case and external numbers typed in part', () => {
    const sample = cases.find((c) => c.externalNo && /^\d{8,}$/.test(c.externalNo))!;
    for (const q of [sample.caseNo, sample.caseNo.slice(0, 2), sample.caseNo.slice(0, 3), sample.externalNo!.slice(0, 2), sample.externalNo!.slice(0, 4)]) {
      const ids = reference(cases, q);
      expect(ids, q).toContain(sample.id);
      expect(search(q), q).toEqual({ total: ids.length, ids });
    }
  });

  // Last: it merges cases of the shared demo.
  it('leaves merged duplicates out of totals and pages, counted in the same pass', () => {
    demo.db.transaction((tx) => tx.run('UPDATE cases SET merged_into_id = id - 1 WHERE id % 7 = 0'));
    const live = cases.filter((c) => c.id % 7 !== 0);
    for (const q of ['灯', '路12', '井盖', '噪音']) {
      const ids = reference(live, q);
      expect(ids.length, q).toBeLessThan(reference(cases, q).length);
      expect(search(q), q).toEqual({ total: ids.length, ids });
    }
  });
});

describe('migration 006 (case search terms)', () => {
  it('rebuilds the index of a version-5 workspace with the prefix index and marked word prefixes', async () => {
    const dir = tempDir();
    const v5 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 5) });
    const repo5 = new CaseRepository(v5);
    insertOldVersionCase(v5, row('路灯不亮', { address: '朝阳路12号院' }));
    insertOldVersionCase(v5, row('井盖丢失', { address: '和平里3号' }));
    repo5.search.catchUp();
    expect(repo5.search.progress()).toEqual({ indexedTo: 2, maxId: 2 });
    await v5.close();

    const v6 = await DurableDatabase.open(dir, { migrations: migrations.slice(0, 6) });
    try {
      expect(v6.get<{ user_version: number }>('PRAGMA user_version')!.user_version).toBe(6);
      expect(v6.get<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE name = 'case_text'`)!.sql).toContain('prefix="3"');
      const repo = new CaseRepository(v6);
      expect(repo.search.progress()).toEqual({ indexedTo: 0, maxId: 2 });
      const titles = (text: string) => repo.list({ text }, 0, 10, T0).rows.map((r) => r.title).sort();
      expect(titles('灯')).toEqual(['路灯不亮']);
      expect(titles('路12')).toEqual(['路灯不亮']);
      expect(titles('3')).toEqual(['井盖丢失']);
      expect(repo.search.progress()).toEqual({ indexedTo: 2, maxId: 2 });
      expect(v6.get<{ n: number }>(`SELECT count(*) AS n FROM case_text WHERE case_text MATCH '§12'`)!.n).toBe(1);
      expect(v6.get<{ integrity_check: string }>('PRAGMA integrity_check')!.integrity_check).toBe('ok');
    } finally {
      await v6.close();
    }
  });
});
