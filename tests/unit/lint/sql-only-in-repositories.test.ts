// The lint rule that keeps SQL in *.repository.ts files (eslint.config.js, noSqlText): it must
// fail on SQL text in any other services file, leave UI text alone, and allow only the engine's
// named exceptions. Runs the project's real ESLint config on code given as a file at a path.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const SQL_MESSAGE = /SQL belongs in a \*\.repository\.ts file/;
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** Lines (1-based) where the SQL rule fires when `code` is linted as the file at `file`. */
async function sqlHits(file: string, code: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages.filter((m) => SQL_MESSAGE.test(m.message)).map((m) => m.line);
}

const SQL_SAMPLES = [
  "export const a = 'SELECT id FROM cases WHERE id = ?';",
  'export const b = `\n  -- the comment first\n  UPDATE cases SET status = ? WHERE id = ${1}`;',
  "export const c = 'delete from cases where id = ?';",
  "export const d = 'with recent as (select id from cases) select * from recent';",
  "export const e = 'COMMIT; DROP TABLE cases';",
  "export const f = 'PRAGMA user_version';",
  "export const g = 'INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)';",
].join('\n');

function strings(messages: unknown): string[] {
  if (typeof messages === 'string') return [messages];
  if (messages && typeof messages === 'object') return Object.values(messages).flatMap(strings);
  return [];
}

describe('lint: SQL only in repositories and migrations', () => {
  it('fails on SQL text in a service, in strings and template literals, upper or lower case', async () => {
    expect(await sqlHits('electron/services/cases/case.service.ts', SQL_SAMPLES)).toEqual([1, 2, 5, 6, 7, 8, 9]);
  });

  it('allows the same text in a repository and in the migrations', async () => {
    expect(await sqlHits('electron/services/cases/case.repository.ts', SQL_SAMPLES)).toEqual([]);
    expect(await sqlHits('electron/services/db/migrations/index.ts', SQL_SAMPLES)).toEqual([]);
  });

  it('leaves every UI string (zh-CN and en) and transaction control alone', async () => {
    const ui = [...strings(zhCN), ...strings(en), 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT a', 'Delete view', 'Select a grid'];
    expect(ui.length).toBeGreaterThan(500);
    expect(await sqlHits('electron/services/cases/case.service.ts', `export const ui = ${JSON.stringify(ui, null, 1)};`)).toEqual([]);
  });

  it("allows the engine's exceptions in their own files only", async () => {
    const probe = "export const probe = 'SELECT 20261122';";
    const pragmas = 'export const p = `PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;\n  PRAGMA cache_size = -65536;`;';
    expect(await sqlHits('electron/services/db/sqljs.ts', probe)).toEqual([]);
    expect(await sqlHits('electron/services/db/durable-database.ts', pragmas)).toEqual([]);
    expect(await sqlHits('electron/services/db/journal.ts', `${probe}\n${pragmas}`)).toEqual([1, 2]);
    // Anything else in those files is still refused.
    expect(await sqlHits('electron/services/db/sqljs.ts', "export const s = 'SELECT 20261123';")).toEqual([1]);
    expect(await sqlHits('electron/services/db/durable-database.ts', "export const s = 'PRAGMA user_version = 3;';")).toEqual([1]);
  });

  it("still refuses 'electron' in the services it applies to", async () => {
    const [result] = await eslint.lintText("export const e = () => import('electron');", {
      filePath: path.join(repoRoot, 'electron/services/tiles/tile.service.ts'),
    });
    expect(result!.messages.map((m) => m.message).join('\n')).toMatch(/Only electron\/main and electron\/preload may import 'electron'/);
  });
});
