// Drawing, reshaping, splitting and merging grids, and undoing them. Each edit is one durable
// transaction logged in audit_log (entity 'grid_edit'); undo applies the logged change's inverse as a
// new transaction and logs that too. An edit is refused when it would make the grid overlap a
// sibling, leave a new gap inside its community or reach outside it (topology.ts decides).
import type { Geometry, GridEditEntry, GridEditResult } from '../../contract';
import { AppError } from '../shared/app-error';
import { pointInGeometry } from '../geo/point-in-polygon';
import { areaM2 as area, bboxOf, interiorPoint, type BBox4 } from '../geo/polygon-math';
import type { GridRepository } from './grid.repository';
import { invertChange, type GridChange, type GridEditRepository, type RefMove, type RegionRecord } from './grid-edit.repository';
import { mergeShapes, normalisePolygon, splitShape } from './grid-geometry';
import { checkTopology, type TopologyProblem } from './topology';

type EditAction = 'grid_draw' | 'grid_reshape' | 'grid_split' | 'grid_merge' | 'grid_undo';

export class GridEditService {
  constructor(
    private readonly edits: GridEditRepository,
    private readonly grids: GridRepository,
    private readonly clock: () => number = Date.now,
    /** Who edits: the signed-in person's staff id, kept with each edit (tools: none). */
    private readonly actorStaffId: () => number | null = () => null,
  ) {}

  /** A new grid from a drawn polygon, inside the community that holds it. */
  draw(geometry: Geometry, name: string | null): GridEditResult {
    const shape = normalisePolygon(geometry, name ?? '新网格');
    const [x, y] = interiorPoint(shape);
    const parent = this.grids.regions(['community']).find((c) => pointInGeometry(x, y, c.geometry));
    if (!parent) throw new AppError('grid_no_parent', '新网格不在任何社区之内：请在社区范围内绘制');
    const id = this.edits.nextRegionId();
    const record: RegionRecord = {
      id, parentId: parent.id, level: 'grid', code: this.nextCode(parent.code), name: name?.trim() || `${parent.name}新网格${id}`,
      geometry: shape, households: null, provenance: 'user', createdAt: this.clock(),
    };
    this.validate(parent.id, [], [record]);
    const moves = this.caseMoves([], [record]);
    return this.commit('grid_draw', id, `绘制 ${record.name}`, { inserted: [record], updated: [], deleted: [], moves });
  }

  /** New boundary for a grid (vertices dragged on the map). */
  reshape(regionId: number, geometry: Geometry): GridEditResult {
    const before = this.grid(regionId);
    const after: RegionRecord = { ...before, geometry: normalisePolygon(geometry, before.name) };
    this.validate(before.parentId, [before], [after]);
    const moves = this.caseMoves([before], [after]);
    return this.commit('grid_reshape', regionId, `修改 ${before.name} 的边界`, { inserted: [], updated: [{ before, after }], deleted: [], moves });
  }

  /** Cuts a grid along a drawn line: the larger part keeps the grid (id, code, staff), the other becomes a new grid. */
  split(regionId: number, line: [number, number][], newName: string | null): GridEditResult {
    const before = this.grid(regionId);
    const [a, b] = splitShape(before.geometry, line, before.name);
    const [keep, give] = area(a) >= area(b) ? [a, b] : [b, a];
    const id = this.edits.nextRegionId();
    const after: RegionRecord = { ...before, geometry: keep };
    const created: RegionRecord = {
      ...before, id, code: this.nextCode(this.parentCode(before)), name: newName?.trim() || `${before.name}（分）`,
      geometry: give, households: null, provenance: 'user', createdAt: this.clock(),
    };
    this.validate(before.parentId, [before], [after, created]);
    const moves = this.caseMoves([before], [after, created]);
    return this.commit('grid_split', regionId, `切分 ${before.name} → ${before.name}、${created.name}`, {
      inserted: [created], updated: [{ before, after }], deleted: [], moves,
    });
  }

  /** Joins `otherId` into `regionId` (which keeps its id, code and name); the other's cases and staff follow. */
  merge(regionId: number, otherId: number): GridEditResult {
    if (regionId === otherId) throw new AppError('grid_merge_self', '请选择两个不同的网格');
    const keep = this.grid(regionId);
    const gone = this.grid(otherId);
    if (keep.parentId !== gone.parentId) throw new AppError('grid_merge_parent', `${keep.name} 与 ${gone.name} 不属于同一社区，不能合并`);
    const after: RegionRecord = { ...keep, geometry: mergeShapes(keep.geometry, gone.geometry, [keep.name, gone.name]) };
    this.validate(keep.parentId, [keep, gone], [after]);
    return this.commit('grid_merge', regionId, `合并 ${gone.name} 入 ${keep.name}`, {
      inserted: [], updated: [{ before: keep, after }], deleted: [{ record: gone, into: keep.id }], moves: [],
    });
  }

  /** Undoes the latest edit not yet undone, as a new logged transaction. */
  undo(): GridEditResult {
    const undone = this.edits.undoneIds();
    const target = this.edits.edits(200).find((e) => e.action !== 'grid_undo' && !undone.has(e.id));
    if (!target) throw new AppError('nothing_to_undo', '没有可撤销的网格编辑');
    const change = invertChange(target.detail.change);
    // Only the state the edit left can be undone: a later import or edit of the same grids would be lost.
    for (const { before } of change.updated) {
      const now = this.edits.record(before.id);
      if (!now || JSON.stringify(now.geometry) !== JSON.stringify(before.geometry)) {
        throw new AppError('undo_stale', `「${target.detail.summary}」之后 ${before.name} 又被修改过，无法撤销`);
      }
    }
    for (const r of change.inserted) {
      // Since the edit, an import may have taken the id or the code of the grid to bring back.
      if (this.edits.exists(r.id) || this.edits.codeTaken(r.code)) throw new AppError('undo_taken', `无法恢复 ${r.name}：其编号或代码 ${r.code} 已被占用`);
    }
    return this.commit('grid_undo', target.regionId, `撤销「${target.detail.summary}」`, change, target.id);
  }

  /** The edit history, newest first, with what undo would take back next. */
  history(limit = 50): GridEditEntry[] {
    const undone = this.edits.undoneIds();
    const entries = this.edits.edits(limit);
    const next = entries.find((e) => e.action !== 'grid_undo' && !undone.has(e.id))?.id ?? null;
    return entries.map((e) => ({
      id: e.id, at: e.at, action: e.action, regionId: e.regionId, actorName: e.actorName, summary: e.detail.summary,
      undone: undone.has(e.id), undoable: e.id === next,
    }));
  }

  private commit(action: EditAction, regionId: number | null, summary: string, change: GridChange, undoes?: number): GridEditResult {
    const editId = this.edits.apply(change, { at: this.clock(), actorStaffId: this.actorStaffId(), action, regionId, summary, undoes });
    const ids = [...change.updated.map((u) => u.after), ...change.inserted].map((r) => r.id);
    return {
      editId, action, summary, regionIds: ids, deletedIds: change.deleted.map((d) => d.record.id),
      casesMoved: change.moves.filter((m) => m.table === 'cases').length,
    };
  }

  private grid(id: number): RegionRecord {
    const record = this.edits.record(id);
    if (!record || record.level !== 'grid') throw new AppError('not_found', `没有 id 为 ${id} 的网格`);
    return record;
  }

  /**
   * Refuses an edit that adds a self-intersection, an overlap with a sibling, a part outside the
   * community or a gap inside it: problems after the edit that were not there before.
   */
  private validate(parentId: number | null, removed: RegionRecord[], added: RegionRecord[]): void {
    const parent = parentId === null ? undefined : this.edits.record(parentId);
    const gone = new Set(removed.map((r) => r.id));
    const box = added.map((r) => bboxOf(r.geometry)).reduce(unionBox);
    // With a community, all its grids (gaps are judged in it); without one, only the grids around.
    const siblings = this.grids.childrenOf(parentId, 'grid').filter((g) => !gone.has(g.id) && (!!parent || touches(bboxOf(g.geometry), box)));
    const scope = [...(parent ? [parent] : []), ...siblings];
    const before = checkTopology([...scope, ...removed]);
    const after = checkTopology([...scope, ...added]);
    // With no grids yet, topology reports no gap: the whole community is the gap then.
    const gapBefore = parent && !siblings.length && !removed.length ? area(parent.geometry) : sum(before.filter((p) => p.kind === 'gap'));
    const known = new Set(before.map(key));
    const fresh = after.filter((p) => p.kind !== 'gap' && !known.has(key(p)) && p.regionIds.some((id) => added.some((r) => r.id === id)));
    const gapAfter = sum(after.filter((p) => p.kind === 'gap'));
    if (gapAfter > gapBefore + 1) fresh.push({ ...after.find((p) => p.kind === 'gap')!, message: `${parent?.name ?? ''} 内会留下约 ${Math.round(gapAfter - gapBefore)} m² 未被网格覆盖的空隙` });
    if (fresh.length) {
      throw new AppError('grid_topology', `网格边界不合规：${fresh.map((p) => p.message).join('；')}`, { problems: fresh });
    }
  }

  /** Cases in the changed area re-assigned to the grid now holding them (each gets a 'grid_moved' event when applied). */
  private caseMoves(removed: RegionRecord[], added: RegionRecord[]): RefMove[] {
    const box = [...removed, ...added].map((r) => bboxOf(r.geometry)).reduce(unionBox);
    const moves: RefMove[] = [];
    for (const c of this.edits.casesAround(box, removed.map((r) => r.id))) {
      // Located cases go to the new shape holding them; one outside every new shape keeps its grid
      // (a real loss of area is a gap, which validate() refused). Cases without a place stay with the grid id.
      const to = added.find((r) => pointInGeometry(c.lng, c.lat, r.geometry))?.id ?? c.gridId;
      if (to !== c.gridId) moves.push({ table: 'cases', id: c.id, from: c.gridId, to });
    }
    return moves;
  }

  private parentCode(r: RegionRecord): string {
    return r.parentId === null ? '' : (this.edits.record(r.parentId)?.code ?? '');
  }

  /**
   * `<community code>-<workspace tag>-<serial>`: grids drawn or split off on two desks at once never
   * share a code, since codes are how edits and cases name grids between desks. The district gives
   * DB11 codes later (规范编码); imported codes stay as they are.
   */
  private nextCode(parentCode: string): string {
    return this.edits.provisionalCode(parentCode || 'USR');
  }
}

const key = (p: TopologyProblem) => `${p.kind}|${[...p.regionIds].sort((a, b) => a - b).join(',')}`;
const sum = (ps: TopologyProblem[]) => ps.reduce((s, p) => s + (p.areaM2 ?? 0), 0);
const touches = (a: BBox4, b: BBox4) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const unionBox = (a: BBox4, b: BBox4): BBox4 => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
