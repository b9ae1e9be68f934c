import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AnalyticsFilter } from '@contract/analytics';
import type { CaseSource } from '@contract/cases';

/** The analytics view's shared filter: category, sources and area (periods are per panel). */
export const useAnalyticsStore = defineStore('analytics', () => {
  const categoryId = ref<number | null>(null);
  const sources = ref<CaseSource[]>([]);
  const regionId = ref<number | null>(null);
  const tab = ref('heat');

  const filter = computed<AnalyticsFilter>(() => {
    const f: AnalyticsFilter = {};
    if (categoryId.value !== null) f.categoryId = categoryId.value;
    if (sources.value.length) f.source = [...sources.value];
    if (regionId.value !== null) f.regionId = regionId.value;
    return f;
  });

  return { categoryId, sources, regionId, tab, filter };
});

/** 'YYYY-MM' → epoch ms of its first instant in Asia/Shanghai. */
export function monthStartMs(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y!, m! - 1, 1) - 8 * 3_600_000;
}
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, '0')}`;
}
