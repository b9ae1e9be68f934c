import fs from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from '../../contract/workspace';
import { writeFileAtomic } from './workspace-files';

const MAX_RECENT = 10;

/** The list of recently opened workspaces, kept in the app's config folder. */
export class RecentWorkspaces {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, 'recent-workspaces.json');
  }

  list(): RecentWorkspace[] {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as RecentWorkspace[];
    } catch {
      return [];
    }
  }

  remember(entry: RecentWorkspace): void {
    const others = this.list().filter((item) => path.resolve(item.dir) !== path.resolve(entry.dir));
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileAtomic(this.file, JSON.stringify([entry, ...others].slice(0, MAX_RECENT), null, 2));
  }
}
