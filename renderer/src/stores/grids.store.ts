import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RegionLevel } from '@contract/common';
import type { CodeReport, GridImportReport, RegionPanel, TopologyReport } from '@contract/grids';
import { gridsApi } from '@/api/grids';

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

  return { lastImport, topology, codes, panel, unstaffed, focusedProblem, busy, check, validateCodes, regenerateCodes, loadPanel, loadUnstaffed };
});
