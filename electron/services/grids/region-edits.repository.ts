import type { ExchangeScope, Geometry, RegionEdit, RegionLevel } from '../../contract';
import type { DurableDatabase } from '../db/durable-database';
import type { Transaction } from '../db/transaction';
import { stampHlc, workspaceId } from '../clock/workspace-clock.repository';

type Reader = Pick<Transaction, 'all' | 'get'>;

/** Many values as one parameter (a JSON array): one statement text whatever the count. */
const JSON_LIST = '(SELECT value FROM json_each(?))';
const EDIT_COLUMNS = `id AS "localId", uid, hlc, origin, code, parent_code AS "parentCode", level, name, geometry, households, deleted,
  deleted_into AS "deletedInto", street_code AS "street", community_code AS "community"`;

interface EditRow {
  localId: number;
  uid: string;
  hlc: string;
  origin: string;
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  geometry: string | null;
  households: number | null;
  deleted: number;
  deletedInto: string | null;
  street: string | null;
  community: string | null;
}

/** A region edit with the local id of its log row (what peers' and the hub's watermarks count). */
export type LoggedRegionEdit = RegionEdit & { localId: number };

/** A region a local grid edit deleted: its last state and the region that absorbed it. */
export interface DeletedRegion {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
  into: number | null;
}

/**
 * The log of region edits (migration 016): one row per region a grid edit here inserted, reshaped
 * or deleted, and per such edit received from elsewhere. What travels to peers and the hub, and
 * the clock that decides whether an arriving edit is newer than the region's state here.
 */
export class RegionEditsRepository {
  constructor(private readonly db: DurableDatabase) {}

  /** Rows after this local id (exchange: what a peer has not acknowledged; hub: not pushed yet), within a scope, none born at `notFrom`. */
  after(afterId: number, scope: ExchangeScope, notFrom: string | null, upTo = Number.MAX_SAFE_INTEGER): LoggedRegionEdit[] {
    const codes = scope === 'all' ? null : JSON.stringify(scope);
    return this.db.all<EditRow>(
      `SELECT ${EDIT_COLUMNS} FROM region_edits WHERE id > ? AND id <= ? AND origin <> ?
         AND (? IS NULL OR street_code IN ${JSON_LIST} OR community_code IN ${JSON_LIST} OR code IN ${JSON_LIST})
       ORDER BY id`,
      [afterId, upTo, notFrom ?? '', codes, codes ?? '[]', codes ?? '[]', codes ?? '[]'],
    ).map(toEdit);
  }

  lastId(): number {
    return this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM region_edits')?.id ?? 0;
  }
}

/**
 * Logs what a local grid edit did to these regions, inside the edit's transaction, each row with a
 * clock of its own. Call after the inserts and updates and before the deletions (the deleted
 * regions' parents and absorbers are read by id).
 */
export function logLocalEdits(tx: Transaction, upserted: readonly number[], deleted: readonly DeletedRegion[], at: number): void {
  if (upserted.length === 0 && deleted.length === 0) return;
  const me = workspaceId(tx);
  const ids = [...upserted, ...deleted.flatMap((d) => (d.parentId === null ? [] : [d.parentId])), ...deleted.flatMap((d) => (d.into === null ? [] : [d.into]))];
  const chain = new Map(tx.all<Chain>(
    `SELECT r.id, r.code, r.level, r.name, r.geometry, r.households, p.code AS "parentCode", p.level AS "parentLevel", g.code AS "grandCode", g.level AS "grandLevel"
     FROM regions r LEFT JOIN regions p ON p.id = r.parent_id LEFT JOIN regions g ON g.id = p.parent_id WHERE r.id IN ${JSON_LIST}`,
    [JSON.stringify(ids)],
  ).map((c) => [c.id, c]));
  const rows: (Omit<RegionEdit, 'id' | 'hlc' | 'origin'> & { regionId: number })[] = [];
  for (const id of upserted) {
    const r = chain.get(id);
    if (!r) continue;
    rows.push({
      regionId: id, code: r.code, parentCode: r.parentCode, level: r.level, name: r.name, geometry: r.geometry ? JSON.parse(r.geometry) as Geometry : null,
      households: r.households, deleted: false, deletedInto: null, place: placeOf(r.level, r.code, [[r.parentLevel, r.parentCode], [r.grandLevel, r.grandCode]]),
    });
  }
  for (const d of deleted) {
    const parent = d.parentId === null ? undefined : chain.get(d.parentId);
    rows.push({
      regionId: d.id, code: d.code, parentCode: parent?.code ?? null, level: d.level, name: d.name, geometry: null, households: null, deleted: true,
      deletedInto: d.into === null ? null : (chain.get(d.into)?.code ?? null),
      place: placeOf(d.level, d.code, parent ? [[parent.level, parent.code], [parent.parentLevel, parent.parentCode]] : []),
    });
  }
  for (const { regionId, ...row } of rows) {
    const hlc = stampHlc(tx, at);
    insertEdit(tx, { ...row, id: `${me}:r${hlc}`, hlc, origin: me }, false, regionId);
  }
}

/**
 * A code for a region made on this desk before the district numbers it (drawn, split off, imported
 * without codes): `<parent code>-<first 6 hex of the workspace id>-<serial>`. Two desks making regions
 * at once never give one code to two regions; a code the log names (a deleted one reads as its
 * absorber elsewhere) is never handed out again.
 */
export function provisionalCode(db: DurableDatabase, parentCode: string, used: ReadonlySet<string> = new Set()): string {
  const known = db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'workspace.id'`)?.value;
  const prefix = `${parentCode}-${(known ?? db.transaction((tx) => workspaceId(tx))).slice(0, 6)}-`;
  const taken = new Set(db.all<{ code: string }>(
    'SELECT code FROM regions WHERE substr(code, 1, ?) = ? UNION SELECT code FROM region_edits WHERE substr(code, 1, ?) = ?',
    [prefix.length, prefix, prefix.length, prefix],
  ).map((r) => r.code));
  for (let serial = 1; ; serial++) {
    const code = prefix + String(serial).padStart(3, '0');
    if (!taken.has(code) && !used.has(code)) return code;
  }
}

/** Every code the log names: a renumbering never hands one out again (a deleted code reads as its absorber). */
export function loggedCodes(db: DurableDatabase): Set<string> {
  return new Set(db.all<{ code: string }>('SELECT DISTINCT code FROM region_edits').map((r) => r.code));
}

/** Which of these edit uids the log holds. */
export function heldEdits(tx: Reader, uids: readonly string[]): Set<string> {
  if (uids.length === 0) return new Set();
  return new Set(tx.all<{ uid: string }>(`SELECT uid FROM region_edits WHERE uid IN ${JSON_LIST}`, [JSON.stringify(uids)]).map((r) => r.uid));
}

/** The latest clock logged per code (the region's state here is that edit's, or older than any edit). */
export function latestClocks(tx: Reader, codes: readonly string[]): Map<string, string> {
  if (codes.length === 0) return new Map();
  return new Map(tx.all<{ code: string; hlc: string }>(
    `SELECT code, max(hlc) AS hlc FROM region_edits WHERE code IN ${JSON_LIST} GROUP BY code`, [JSON.stringify(codes)],
  ).map((r) => [r.code, r.hlc]));
}

/** Logs an edit; `received`: it came from elsewhere (relayed onwards, never back to its origin). */
export function insertEdit(tx: Transaction, e: RegionEdit, received: boolean, regionId: number | null = null): void {
  tx.run(
    `INSERT INTO region_edits (uid, hlc, origin, code, parent_code, level, name, geometry, households, deleted, deleted_into, street_code, community_code, region_id, received)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [e.id, e.hlc, e.origin, e.code, e.parentCode, e.level, e.name, e.geometry ? JSON.stringify(e.geometry) : null, e.households,
      e.deleted ? 1 : 0, e.deletedInto, e.place.street, e.place.community, regionId, received ? 1 : 0],
  );
}

/**
 * Received edits not applied because their parent was unknown here, that are still their region's
 * latest: they can be placed once the parent arrives (a community drawn or imported elsewhere).
 */
export function editsWaitingForParent(tx: Reader): LoggedRegionEdit[] {
  return tx.all<EditRow>(
    `SELECT ${EDIT_COLUMNS} FROM region_edits e
     WHERE e.received = 1 AND e.region_id IS NULL AND e.deleted = 0 AND e.geometry IS NOT NULL
       AND e.parent_code IN (SELECT code FROM regions)
       AND e.hlc = (SELECT max(x.hlc) FROM region_edits x WHERE x.code = e.code)
     ORDER BY e.id`,
  ).map(toEdit);
}

/** A received edit was applied to this local region. */
export function markApplied(tx: Transaction, uid: string, regionId: number): void {
  tx.run('UPDATE region_edits SET region_id = ? WHERE uid = ?', [regionId, uid]);
}

/** The next region id: above every region here and every one an edit deleted (an old event's id never names another grid). */
export function nextRegionId(tx: Pick<Transaction, 'get'>): number {
  return tx.get<{ id: number }>(
    'SELECT max((SELECT coalesce(max(id), 0) FROM regions), (SELECT coalesce(max(region_id), 0) FROM region_edits)) + 1 AS id',
  )!.id;
}

interface Chain {
  id: number;
  code: string;
  level: RegionLevel;
  name: string;
  geometry: string | null;
  households: number | null;
  parentCode: string | null;
  parentLevel: RegionLevel | null;
  grandCode: string | null;
  grandLevel: RegionLevel | null;
}

function placeOf(level: RegionLevel, code: string, above: [RegionLevel | null, string | null][]): RegionEdit['place'] {
  const all: [RegionLevel | null, string | null][] = [[level, code], ...above];
  const find = (wanted: RegionLevel) => all.find(([l]) => l === wanted)?.[1] ?? null;
  return { street: find('street'), community: find('community'), grid: find('grid') };
}

function toEdit(r: EditRow): LoggedRegionEdit {
  return {
    localId: r.localId, id: r.uid, hlc: r.hlc, origin: r.origin, code: r.code, parentCode: r.parentCode, level: r.level, name: r.name,
    geometry: r.geometry ? JSON.parse(r.geometry) as Geometry : null, households: r.households, deleted: r.deleted === 1,
    deletedInto: r.deletedInto, place: { street: r.street, community: r.community, grid: r.level === 'grid' ? r.code : null },
  };
}
