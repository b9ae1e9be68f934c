import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Category, StaffMember } from '@contract/directory';
import { directoryApi } from '@/api/directory';
import { i18n } from '@/i18n';

/** Reference data: the category taxonomy (for English category names, later for filters). */
export const useDirectoryStore = defineStore('directory', () => {
  const categories = shallowRef<Category[]>([]);
  const byName = computed(() => new Map(categories.value.map((category) => [category.name, category])));
  /** Active staff, for the duty pickers (grid workers on grids, chiefs on street lines). */
  const staff = shallowRef<StaffMember[]>([]);

  async function loadStaff(): Promise<void> {
    staff.value = await directoryApi.staff();
  }

  async function load(): Promise<void> {
    try {
      categories.value = await directoryApi.categories();
    } catch {
      // Without the taxonomy the list still shows the Chinese names it carries.
      categories.value = [];
    }
  }

  /** A case's category name in the UI language (lists carry the Chinese name). */
  function categoryLabel(name: string | null): string | null {
    if (name === null || i18n.global.locale.value !== 'en') return name;
    return byName.value.get(name)?.nameEn ?? name;
  }

  return { categories, byName, staff, load, loadStaff, categoryLabel };
});
