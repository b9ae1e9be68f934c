import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RegionLevel } from '@contract/common';
import type { CodeReport, GridEditEntry, GridEditResult, GridImportReport, RegionPanel, TopologyReport } from '@contract/grids';
import type { StreetLine } from '@contract/streets';
import { gridsApi, streetsApi } from '@/api/grids';
import { useRegionsStore } from './regions.store';
import { useWorkspaceStore } from './workspace.store';

/** Grid tools: the last import, topology and code reports, the selected region's panel, unstaffed grids. */
export const useGridsStore = defineStore('grids', () => {
  const lastImport = shallowRef<GridImportReport | null>(null);
  const topology = shallowRef<TopologyReport | null>(null);
  const codes = shallowRef<CodeReport | null>(null);
  const panel = shallowRef<RegionPanel | null>(null);
  const unstaffed = shallowRef<Set<number>>(new Set());
  /** The topology problem shown on the map (index into topology.problems). */
  const focusedProblem = ref<number | null>(null);
  const busy = ref(false);

  async function run<T>(work: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await work();
    } finally {
      busy.value = false;
    }
  }

  const check = (level?: RegionLevel) =>
    run(async () => {
      topology.value = await gridsApi.check(level);
      focusedProblem.value = null;
      return topology.value;
    });
  const validateCodes = () => run(async () => (codes.value = await gridsApi.validateCodes()));
  const regenerateCodes = () => run(async () => (codes.value = await gridsApi.regenerateCodes()));

  async function loadPanel(regionId: number | null): Promise<void> {
    panel.value = regionId === null ? null : await gridsApi.panel(regionId);
  }

  async function loadUnstaffed(): Promise<void> {
    unstaffed.value = new Set(await gridsApi.unstaffed());
  }

  function setUnstaffed(ids: number[]): void {
    unstaffed.value = new Set(ids);
  }

  /** Grid edits, newest first, and the outcome of the last one (shown in the edit panel). */
  const edits = shallowRef<GridEditEntry[]>([]);
  const lastEdit = shallowRef<{ ok: true; result: GridEditResult } | { ok: false; message: string } | null>(null);
  const streets = shallowRef<StreetLine[]>([]);

  async function loadEdits(): Promise<void> {
    edits.value = await gridsApi.edits();
  }

  /** Runs one edit; on success the tree, the outlines, the unstaffed marks and the history reload. */
  async function edit(work: () => Promise<GridEditResult>): Promise<GridEditResult | null> {
    try {
      const result = await run(work);
      lastEdit.value = { ok: true, result };
      const regions = useRegionsStore();
      // The header's region counts come with the workspace info.
      await Promise.all([regions.load(), loadUnstaffed(), loadEdits(), useWorkspaceStore().load()]);
      if (regions.selectedId !== null && result.deletedIds.includes(regions.selectedId)) regions.select(result.regionIds[0] ?? null);
      return result;
    } catch (e) {
      lastEdit.value = { ok: false, message: (e as Error).message };
      return null;
    }
  }

  async function loadStreets(): Promise<void> {
    streets.value = await streetsApi.list();
  }

  async function saveStreet(work: () => Promise<unknown>): Promise<void> {
    await run(work);
    await loadStreets();
  }

  return {
    lastImport, topology, codes, panel, unstaffed, focusedProblem, busy, edits, lastEdit, streets,
    check, validateCodes, regenerateCodes, loadPanel, loadUnstaffed, setUnstaffed, loadEdits, edit, loadStreets, saveStreet,
  };
});
