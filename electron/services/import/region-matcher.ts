import type { RegionLevel } from '../../contract';

export interface RegionRow {
  id: number;
  parentId: number | null;
  level: RegionLevel;
  code: string;
  name: string;
}

export interface RegionMatch {
  gridId: number | null;
  communityId: number | null;
  streetId: number | null;
  /** The columns whose value named no region (in the matched parent, where there is one). */
  unmatched: ('street' | 'community' | 'grid')[];
}

/** Suffixes people drop or add: 东华门街道 = 东华门, 北新桥社区 = 北新桥. */
function bare(name: string): string {
  return name.trim().replace(/\s+/g, '').replace(/(街道办事处|街道|乡|镇|社区居委会|居委会|社区|村委会|村|网格)$/u, '').toLowerCase();
}

/**
 * Finds regions from the street/community/grid names or codes in a row. A name is looked up under
 * its matched parent first (community names repeat across streets), then anywhere on its level.
 */
export class RegionMatcher {
  private readonly byLevel = new Map<string, Map<string, RegionRow[]>>();
  private readonly byId = new Map<number, RegionRow>();
  /** Names to look for inside an address, most specific level first (built on first use). */
  private textNames: { name: string; region: RegionRow }[] | null = null;
  private readonly textCache = new Map<string, RegionMatch | null>();

  constructor(regions: RegionRow[]) {
    for (const region of regions) {
      this.byId.set(region.id, region);
      let names = this.byLevel.get(region.level);
      if (!names) this.byLevel.set(region.level, (names = new Map()));
      for (const key of new Set([region.code.toLowerCase(), region.name.trim().toLowerCase(), bare(region.name)])) {
        const list = names.get(key) ?? [];
        list.push(region);
        names.set(key, list);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  match(values: { street?: string; community?: string; grid?: string }): RegionMatch {
    const result: RegionMatch = { gridId: null, communityId: null, streetId: null, unmatched: [] };
    let parent: number | null = null;
    for (const level of ['street', 'community', 'grid'] as const) {
      const value = values[level]?.trim();
      if (!value) continue;
      const found = this.find(level, value, parent);
      if (!found) {
        result.unmatched.push(level);
        continue;
      }
      parent = found.id;
      result[`${level}Id`] = found.id;
    }
    // Fill the parents of the most specific match.
    const start = result.gridId ?? result.communityId;
    if (start !== null) this.fillParents(start, result);
    return result;
  }

  /**
   * The most specific region whose name appears in free text (an address such as
   * 北京市东城区东华门街道多福巷社区12号 or "12 Main St, Dorchester"): a grid, else a community, else a
   * street, and only when exactly one region of that level fits (under the street named too, if any).
   */
  matchText(text: string): RegionMatch | null {
    const key = text.trim().toLowerCase();
    if (!key) return null;
    const cached = this.textCache.get(key);
    if (cached !== undefined) return cached;
    this.textNames ??= this.buildTextNames();
    const named = this.textNames.filter((n) => key.includes(n.name));
    // The longest name wins over one inside it: "West Roxbury" is not also "Roxbury".
    const hits = named.filter((n) => !named.some((m) => m.name.length > n.name.length && m.name.includes(n.name))).map((n) => n.region);
    let result: RegionMatch | null = null;
    for (const level of ['grid', 'community', 'street'] as const) {
      let found = [...new Set(hits.filter((r) => r.level === level))];
      const parents = hits.filter((r) => r.level !== level);
      if (found.length > 1 && parents.length) found = found.filter((r) => parents.some((p) => this.isUnder(r, p.id)));
      if (found.length === 1) {
        result = { gridId: null, communityId: null, streetId: null, unmatched: [] };
        result[`${level}Id`] = found[0]!.id;
        this.fillParents(found[0]!.id, result);
        break;
      }
      if (found.length > 1) break; // ambiguous at the most specific level named: not guessed
    }
    if (this.textCache.size < 100_000) this.textCache.set(key, result);
    return result;
  }

  private buildTextNames(): { name: string; region: RegionRow }[] {
    const names: { name: string; region: RegionRow }[] = [];
    for (const region of this.byId.values()) {
      if (region.level !== 'street' && region.level !== 'community' && region.level !== 'grid') continue;
      // Grids by their full name (第1网格 is not 第10网格); streets and communities also without 街道/社区.
      const variants = region.level === 'grid' ? [region.name.trim().toLowerCase()] : [region.name.trim().toLowerCase(), bare(region.name)];
      for (const name of new Set(variants)) if ([...name].length >= 2 && !/^\d+$/.test(name)) names.push({ name, region });
    }
    return names;
  }

  private find(level: RegionLevel, value: string, parent: number | null): RegionRow | undefined {
    const names = this.byLevel.get(level);
    const list = names?.get(value.toLowerCase()) ?? names?.get(bare(value));
    if (!list?.length) return undefined;
    if (parent !== null) {
      const under = list.find((region) => this.isUnder(region, parent));
      if (under) return under;
    }
    // A name that several regions share is not guessed: it is reported as unmatched.
    return list.length === 1 ? list[0] : undefined;
  }

  private isUnder(region: RegionRow, ancestor: number): boolean {
    for (let p = region.parentId; p !== null; p = this.byId.get(p)?.parentId ?? null) if (p === ancestor) return true;
    return false;
  }

  private fillParents(id: number, result: RegionMatch): void {
    for (let p: number | null = id; p !== null; p = this.byId.get(p)?.parentId ?? null) {
      const region = this.byId.get(p);
      if (region?.level === 'community' && result.communityId === null) result.communityId = region.id;
      if (region?.level === 'street' && result.streetId === null) result.streetId = region.id;
    }
  }
}
