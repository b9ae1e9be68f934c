import type { Scope } from '../auth/scope';
import type { RegionRow } from './region-matcher';

/** Where a case is (or would be): what a scope is tested against. */
export interface Placement {
  gridId: number | null;
  communityId: number | null;
  streetId: number | null;
  departmentId: number | null;
}

type Home = Pick<Placement, 'gridId' | 'communityId' | 'streetId'>;

/**
 * The importing account's scope, as the analysis applies it to rows (the same rule as the cases
 * predicate, scopeClause, on values not yet written). A department is tested on the department
 * a row leads with: an import carries no whistles.
 */
export class ImportScope {
  /** The one region of a single-place scope with its ancestors: a row placed nowhere more precise is registered there. */
  readonly home: Home | null = null;
  /** The scope in words, for the messages: 东华门街道, 北新桥社区、东四社区, 本部门. */
  readonly label: string;
  private readonly ids: Set<number>;
  private readonly byId: Map<number, RegionRow>;

  constructor(
    readonly scope: Scope,
    regions: readonly RegionRow[],
    departmentName: (id: number) => string | undefined = () => undefined,
  ) {
    this.byId = new Map(regions.map((r) => [r.id, r]));
    this.ids = new Set(scope.kind === 'all' || scope.kind === 'department' ? [] : scope.regionIds);
    if (scope.kind === 'department') this.label = departmentName(scope.departmentId) ?? '本部门';
    else if (scope.kind === 'all') this.label = '全部';
    else this.label = scope.regionIds.map((id) => this.byId.get(id)?.name ?? String(id)).join('、') || '无';
    if (scope.kind !== 'all' && scope.kind !== 'department' && scope.regionIds.length === 1) this.home = this.withAncestors(scope.regionIds[0]!);
  }

  get unlimited(): boolean {
    return this.scope.kind === 'all';
  }

  allows(place: Placement): boolean {
    switch (this.scope.kind) {
      case 'all': return true;
      case 'department': return place.departmentId === this.scope.departmentId;
      case 'street': return place.streetId !== null && this.ids.has(place.streetId);
      case 'community': return place.communityId !== null && this.ids.has(place.communityId);
      case 'grid': return place.gridId !== null && this.ids.has(place.gridId);
    }
  }

  /**
   * The home a row outside the scope may be registered at: when the scope is one place and what
   * the row says of its place (nothing, or only a wider region) does not contradict it. A ledger
   * kept by a community names no community on its rows; its cases are the community's.
   */
  homeFor(place: Placement): Home | null {
    if (!this.home || this.allows(place)) return null;
    const agrees = (mine: number | null, theirs: number | null) => theirs === null || theirs === mine;
    const { home } = this;
    return agrees(home.streetId, place.streetId) && agrees(home.communityId, place.communityId) && agrees(home.gridId, place.gridId) ? home : null;
  }

  /** The most precise region a placement names, in words; 无位置 when none. */
  placeName(place: Placement): string {
    const id = place.gridId ?? place.communityId ?? place.streetId;
    return id === null ? '无位置' : this.byId.get(id)?.name ?? String(id);
  }

  private withAncestors(id: number): Home {
    const home: Home = { gridId: null, communityId: null, streetId: null };
    for (let region = this.byId.get(id); region; region = region.parentId === null ? undefined : this.byId.get(region.parentId)) {
      if (region.level === 'grid') home.gridId = region.id;
      else if (region.level === 'community') home.communityId = region.id;
      else if (region.level === 'street') home.streetId = region.id;
    }
    return home;
  }
}
