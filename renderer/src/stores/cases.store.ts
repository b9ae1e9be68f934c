import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CaseDetail, CaseFilter, CaseSource, CaseStatus, CaseSummary, DueState } from '@contract/cases';
import { casesApi, type CasePoint } from '@/api/cases';
import { CASE_STATUSES } from '@/domain/case-status';

export const PAGE_SIZE = 100;

/** The case filter, the page of the list, the map's points and the case open in the drawer. */
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

  // List
  const page = ref(1);
  const rows = shallowRef<CaseSummary[]>([]);
  const total = ref(0);
  const listLoading = ref(false);
  const listError = ref<string | null>(null);

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

  let listSeq = 0;
  let pointsSeq = 0;
  let detailSeq = 0;

  async function loadPage(): Promise<void> {
    const seq = ++listSeq;
    listLoading.value = true;
    listError.value = null;
    try {
      const result = await casesApi.list(filter.value, (page.value - 1) * PAGE_SIZE, PAGE_SIZE);
      if (seq !== listSeq) return;
      rows.value = result.rows;
      total.value = result.total;
    } catch (e) {
      if (seq === listSeq) listError.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === listSeq) listLoading.value = false;
    }
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

  /** Reloads the first page and the points after any filter change. */
  async function refresh(): Promise<void> {
    page.value = 1;
    await Promise.all([loadPage(), loadPoints()]);
  }

  /** Loads the points once for a map shown before any list (e.g. the grids view opened first). */
  function ensurePoints(): Promise<void> {
    return pointsLoaded.value || pointsLoading.value ? Promise.resolve() : loadPoints();
  }

  async function setPage(next: number): Promise<void> {
    page.value = next;
    await loadPage();
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
    statuses, sources, text, overdueOnly, dueStates, whistleOpen, selectedIds, regionId, page, rows, total, listLoading, listError, points, pointsLoading, pointsError,
    detailId, detail, detailLoading, detailError, drawerOpen, filter, isFiltered, statusCounts,
    loadPage, loadPoints, ensurePoints, refresh, setPage, setRegion, resetFilter, openCase, closeCase,
    picking, picked, startPick, finishPick, cancelPick, colorBy, pointsColorBy, applyFilter,
  };
});
