import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from '../../contract/workspace';
import { AppError } from '../shared/app-error';
import { writeFileAtomic } from './workspace-files';

const MAX_RECENT = 10;

/** A recent workspace's id: derived from its folder, so lists written before ids existed still work. */
export function recentId(dir: string): string {
  return crypto.createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
}

/**
 * The list of recently opened workspaces, kept in the app's config folder. Its ids are the only
 * way the renderer names a workspace: a folder gets on the list only when main's chooser, the
 * command line or an earlier open put it there.
 */
export class RecentWorkspaces {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, 'recent-workspaces.json');
  }

  list(): RecentWorkspace[] {
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Omit<RecentWorkspace, 'id'>[];
      return stored.map((item) => ({ id: recentId(item.dir), dir: item.dir, name: item.name, openedAt: item.openedAt }));
    } catch {
      return [];
    }
  }

  /** The folder of a listed workspace; refuses any id not on the list. */
  resolve(id: string): RecentWorkspace {
    const found = this.list().find((item) => item.id === id);
    if (!found) throw new AppError('not_in_recent', `最近的工作区列表中没有这一项（${id}）：请用“文件 › 打开工作区…”选择文件夹`);
    return found;
  }

  remember(entry: Omit<RecentWorkspace, 'id'>): RecentWorkspace {
    const dir = path.resolve(entry.dir);
    const others = this.list().filter((item) => path.resolve(item.dir) !== dir);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const stored = [{ dir, name: entry.name, openedAt: entry.openedAt }, ...others.map(({ id: _id, ...item }) => item)];
    writeFileAtomic(this.file, JSON.stringify(stored.slice(0, MAX_RECENT), null, 2));
    return { id: recentId(dir), ...stored[0]! };
  }
}
