import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServices } from '../../../../electron/services/auth/auth-services';
import { copyDemoWorkspace } from '../../../../electron/services/workspace/demo-workspace';
import { Workspace } from '../../../../electron/services/workspace/workspace';
import { JOURNAL_DIR, SNAPSHOT_FILE } from '../../../../electron/services/db/durable-database';
import { repoRoot } from '../../../support/build';
import { tempDir } from '../../../support/temp';
import { DEMO_PASSWORD } from '../../../support/sign-in';

/** A workspace another desk holds (or a damaged one) opens read-only: people can still sign in to look. */
describe('signing in to a read-only workspace', () => {
  let dir: string;
  let workspace: Workspace;
  const journal = () => (fs.existsSync(path.join(dir, JOURNAL_DIR)) ? fs.readdirSync(path.join(dir, JOURNAL_DIR)).map((f) => path.join(JOURNAL_DIR, f)) : []);
  const files = () => [SNAPSHOT_FILE, ...journal()].map((f) => `${f}:${fs.statSync(path.join(dir, f)).size}:${fs.statSync(path.join(dir, f)).mtimeMs}`);

  beforeAll(async () => {
    dir = path.join(tempDir(), 'demo');
    copyDemoWorkspace(path.join(repoRoot, 'resources'), dir);
    workspace = await Workspace.open(dir, { readOnly: true });
  });
  afterAll(async () => {
    await workspace.close();
  });

  it('signs in and out writing nothing, and refuses a look at personal data it could not log', async () => {
    const before = files();
    const { auth, accessLog } = createAuthServices(workspace.db);
    await expect(auth.signIn({ username: 'operator1', password: 'wrong-password' })).rejects.toMatchObject({ code: 'bad_credentials' });
    const session = await auth.signIn({ username: 'operator1', password: DEMO_PASSWORD });
    expect(session.roleLabel).toBe('值班员');
    expect(() => accessLog.record(auth.session(), { kind: 'unmask', caseId: 1, field: 'reporterPhone', reason: '回访' })).toThrow(/只读/);
    auth.signOut();
    expect(files()).toEqual(before);
  });
});
