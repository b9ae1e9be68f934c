import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { CaseDetail, CaseFilter, CaseSource, CaseStatus, CaseSummary, DueState } from '@contract/cases';
import { casesApi, type CasePoint } from '@/api/cases';
import { invoke } from '@/api/transport';
import { CASE_STATUSES } from '@/domain/case-status';
import { BlockCache } from '@/domain/block-cache';

/** Rows fetched per request as the list scrolls. */
export const BLOCK_SIZE = 100;
/** Blocks kept in memory (the farthest from the newest is dropped first): scrolling 1,000,000 rows stays small. */
const MAX_BLOCKS = 60;
export type CaseSort = 'received' | 'due';
interface ListQuery {
  filter: CaseFilter;
  sort: CaseSort;
}

/** The case filter, the virtually scrolled list's row blocks, the map's points and the case open in the drawer. */
export const useCasesStore = defineStore('cases', () => {
  // Filter
  const statuses = ref<CaseStatus[]>([]);
  const sources = ref<CaseSource[]>([]);
  const text = ref('');
  const overdueOnly = ref(false);
  const dueStates = ref<DueState[]>([]);
  const whistleOpen = ref(false);
  const regionId = ref<number | null>(null);
  /** Rows ticked in the list, for batch actions. */
  const selectedIds = ref<number[]>([]);

  // List: blocks of BLOCK_SIZE rows of the whole filtered result, fetched as they scroll into view.
  /** received: newest first; due: earliest handling deadline first. */
  const sort = ref<CaseSort>('received');
  const total = ref(0);
  /** True until the first block of a new filter (or a reload) has come back. */
  const listLoading = ref(false);
  const listError = ref<string | null>(null);
  /** Bumped when the filter or sort changes: the list scrolls back to the top. */
  const listEpoch = ref(0);

  // Map points (tens of thousands of tuples: shallow, never deep-reactive)
  const points = shallowRef<CasePoint[]>([]);
  const pointsLoading = ref(false);
  const pointsError = ref<string | null>(null);
  /** Whether points were ever fetched: a map opened before the case list still shows them. */
  const pointsLoaded = ref(false);

  // Detail drawer
  const detailId = ref<number | null>(null);
  const detail = shallowRef<CaseDetail | null>(null);
  const detailLoading = ref(false);
  const detailError = ref<string | null>(null);
  const drawerOpen = ref(false);

  // Intake location picked on the map: the intake dialog steps aside while the map takes one click.
  const picking = ref(false);
  /** The last picked point, in WGS84 (the map's CRS turns a GCJ-02 basemap's click back into WGS84). */
  const picked = shallowRef<{ lng: number; lat: number } | null>(null);
  function startPick(): void {
    picked.value = null;
    picking.value = true;
  }
  function finishPick(lng: number, lat: number): void {
    picked.value = { lng, lat };
    picking.value = false;
  }
  function cancelPick(): void {
    picking.value = false;
  }

  const filter = computed<CaseFilter>(() => {
    const f: CaseFilter = {};
    if (statuses.value.length) f.status = [...statuses.value];
    if (sources.value.length) f.source = [...sources.value];
    if (text.value.trim()) f.text = text.value.trim().slice(0, 200);
    if (overdueOnly.value) f.overdueOnly = true;
    if (dueStates.value.length) f.dueState = [...dueStates.value];
    if (whistleOpen.value) f.whistleOpen = true;
    if (regionId.value !== null) f.regionId = regionId.value;
    return f;
  });

  const isFiltered = computed(
    () => statuses.value.length > 0 || sources.value.length > 0 || text.value.trim() !== '' || overdueOnly.value ||
      dueStates.value.length > 0 || whistleOpen.value,
  );

  /** What the map's dot colours mean: the status, or the deadline (near-due yellow, overdue red). */
  const colorBy = ref<'status' | 'due'>('status');
  /** What the loaded points' 4th value means (the request's colorBy). */
  const pointsColorBy = ref<'status' | 'due'>('status');

  /** How many of the mapped points have each status (CASE_STATUSES order), or each due state (0…3). */
  const statusCounts = computed(() => {
    const counts = new Array<number>(pointsColorBy.value === 'due' ? 4 : CASE_STATUSES.length).fill(0);
    for (const point of points.value) counts[point[3]] = (counts[point[3]] ?? 0) + 1;
    return counts;
  });

  let pointsSeq = 0;
  let detailSeq = 0;

  const list = new BlockCache<ListQuery, CaseSummary>(
    { filter: {}, sort: 'received' },
    (query, offset, limit) => invoke('cases:list', { ...query, offset, limit }),
    () => {
      total.value = list.total;
      listLoading.value = list.loading;
      listError.value = list.error;
      triggerRef(listRows);
    },
    BLOCK_SIZE,
    MAX_BLOCKS,
  );
  /** Stands for the cache's rows in Vue's eyes: triggered whenever a block arrives. */
  const listRows = shallowRef(list);

  function rowAt(index: number): CaseSummary | undefined {
    return listRows.value.rowAt(index);
  }

  /** Fetches the rows first…last of the list, block by block, unless they are cached already. */
  function ensureRows(first: number, last: number): Promise<void> {
    return list.ensure(first, last);
  }

  /** Fetches the rows in view again (after edits; the scroll position and the old rows stay until then). */
  function loadPage(): Promise<void> {
    return list.reload();
  }

  /** A new filter or sort: a new list from its top (the cache is for one filter and sort). */
  function resetList(): Promise<void> {
    listEpoch.value++;
    selectedIds.value = [];
    return list.reset({ filter: filter.value, sort: sort.value });
  }

  function setSort(next: CaseSort): Promise<void> {
    if (next === sort.value) return Promise.resolve();
    sort.value = next;
    return resetList();
  }

  async function loadPoints(): Promise<void> {
    const seq = ++pointsSeq;
    pointsLoading.value = true;
    pointsError.value = null;
    try {
      const by = colorBy.value;
      const result = await casesApi.points(filter.value, by);
      if (seq === pointsSeq) {
        pointsColorBy.value = by;
        points.value = result;
        pointsLoaded.value = true;
      }
    } catch (e) {
      if (seq === pointsSeq) pointsError.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === pointsSeq) pointsLoading.value = false;
    }
  }

  /** Restarts the list from its top and reloads the points after any filter change. */
  async function refresh(): Promise<void> {
    await Promise.all([resetList(), loadPoints()]);
  }

  /** Loads the points once for a map shown before any list (e.g. the grids view opened first). */
  function ensurePoints(): Promise<void> {
    return pointsLoaded.value || pointsLoading.value ? Promise.resolve() : loadPoints();
  }

  function setRegion(id: number | null): Promise<void> {
    regionId.value = id;
    return refresh();
  }

  /** Sets the filter from a saved view (the region scope is the regions store's: the caller selects it). */
  function applyFilter(f: CaseFilter): Promise<void> {
    statuses.value = [...(f.status ?? [])];
    sources.value = [...(f.source ?? [])];
    text.value = f.text ?? '';
    overdueOnly.value = f.overdueOnly ?? false;
    dueStates.value = [...(f.dueState ?? [])];
    whistleOpen.value = f.whistleOpen ?? false;
    regionId.value = f.regionId ?? null;
    return refresh();
  }

  function resetFilter(): Promise<void> {
    statuses.value = [];
    sources.value = [];
    text.value = '';
    overdueOnly.value = false;
    dueStates.value = [];
    whistleOpen.value = false;
    return refresh();
  }

  async function openCase(id: number): Promise<void> {
    const seq = ++detailSeq;
    detailId.value = id;
    drawerOpen.value = true;
    detailLoading.value = true;
    detailError.value = null;
    try {
      const result = await casesApi.get(id);
      if (seq === detailSeq) detail.value = result;
    } catch (e) {
      if (seq === detailSeq) detailError.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === detailSeq) detailLoading.value = false;
    }
  }

  function closeCase(): void {
    drawerOpen.value = false;
    detailId.value = null;
  }

  return {
    statuses, sources, text, overdueOnly, dueStates, whistleOpen, selectedIds, regionId, sort, total, listLoading, listError, listEpoch,
    points, pointsLoading, pointsError, detailId, detail, detailLoading, detailError, drawerOpen, filter, isFiltered, statusCounts,
    rowAt, ensureRows, loadPage, setSort, loadPoints, ensurePoints, refresh, setRegion, resetFilter, openCase, closeCase,
    picking, picked, startPick, finishPick, cancelPick, colorBy, pointsColorBy, applyFilter,
  };
});
