// Opens a tile archive by what the file is (not by its extension) and keeps recently used ones open.
import fs from 'node:fs/promises';
import { MbtilesArchive, isSqliteHeader } from './mbtiles';
import { PMTILES_MAGIC, PmtilesArchive, readAt } from './pmtiles';
import { TileArchiveError, type TileArchive } from './tile-format';

export type { TileArchive, TileArchiveInfo, TileData } from './tile-format';
export { TileArchiveError } from './tile-format';

/** Chooses the reader from the first bytes: SQLite header → MBTiles, "PMTiles" → PMTiles v3. */
export async function openTileArchive(file: string): Promise<TileArchive> {
  let head: Uint8Array;
  try {
    const fh = await fs.open(file, 'r');
    try {
      head = await readAt(fh, 0, 16);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在 (file not found)' : `无法读取 (${code ?? String(err)})`;
    throw new TileArchiveError(file, why, { cause: err });
  }
  if (isSqliteHeader(head)) return MbtilesArchive.open(file);
  if (Buffer.from(head.subarray(0, 7)).toString('latin1') === PMTILES_MAGIC) return PmtilesArchive.open(file);
  const hex = Buffer.from(head).toString('hex');
  throw new TileArchiveError(
    file,
    head.length === 0
      ? '文件为空 (empty file)'
      : `无法识别的瓦片文件格式：既不是 MBTiles (SQLite) 也不是 PMTiles (unknown format; first bytes: ${hex})`,
  );
}

interface CacheSlot {
  /** mtime + size when opened: a replaced file (new basemap download) is reopened, not served stale. */
  stamp: string;
  archive: Promise<TileArchive>;
}

/** LRU of open archives keyed by path. Concurrent get()s of one file share one open. */
export class TileArchiveCache {
  private readonly slots = new Map<string, CacheSlot>();

  constructor(
    private readonly capacity = 8,
    private readonly open: (file: string) => Promise<TileArchive> = openTileArchive,
  ) {}

  async get(file: string): Promise<TileArchive> {
    const stamp = await fileStamp(file);
    const slot = this.slots.get(file);
    if (slot && slot.stamp === stamp) {
      this.slots.delete(file);
      this.slots.set(file, slot);
      return slot.archive;
    }
    if (slot) this.drop(file, slot);
    const archive = this.open(file);
    const fresh = { stamp, archive };
    this.slots.set(file, fresh);
    // A failed open is not cached: the user may fix or replace the file and try again.
    archive.catch(() => {
      if (this.slots.get(file) === fresh) this.slots.delete(file);
    });
    while (this.slots.size > this.capacity) {
      const [oldest, oldSlot] = this.slots.entries().next().value as [string, CacheSlot];
      this.drop(oldest, oldSlot);
    }
    return archive;
  }

  get size(): number {
    return this.slots.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.slots.values()];
    this.slots.clear();
    await Promise.allSettled(all.map((s) => s.archive.then((a) => a.close())));
  }

  /** Closes an evicted archive. A read still in flight on it then fails with a TileArchiveError
   *  (one blank tile); with the default capacity that needs more basemaps in use than the app shows. */
  private drop(file: string, slot: CacheSlot): void {
    this.slots.delete(file);
    slot.archive.then((a) => a.close()).catch(() => undefined);
  }
}

async function fileStamp(file: string): Promise<string> {
  try {
    const st = await fs.stat(file);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    // Let the open report the missing file with its clear message.
    return 'missing';
  }
}
