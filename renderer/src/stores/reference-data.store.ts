import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { CalendarDay, CalendarDayInput, Category, CategoryLimitsInput, DepartmentInput, DepartmentRecord } from '@contract/directory';
import { referenceDataApi } from '@/api/reference-data';
import { useBusy } from '@/composables/useBusy';
import { useDirectoryStore } from './directory.store';
import { useWorkflowStore } from './workflow.store';

/**
 * The administrator's reference data as the backend has it: every department, the category
 * taxonomy with its limits, the work calendar. Each save answers the re-read list, so the screen
 * shows what was stored, not what was typed.
 */
export const useReferenceDataStore = defineStore('referenceData', () => {
  const departments = shallowRef<DepartmentRecord[]>([]);
  const categories = shallowRef<Category[]>([]);
  const calendar = shallowRef<CalendarDay[]>([]);
  const { busy, error, run } = useBusy();

  async function load(): Promise<void> {
    await run(async () => {
      [departments.value, categories.value, calendar.value] = await Promise.all([
        referenceDataApi.departmentRecords(), referenceDataApi.categories(), referenceDataApi.calendarDays(),
      ]);
    });
  }

  /** True when stored; a refusal is left in `error` for the form to show. */
  async function saveDepartment(input: DepartmentInput): Promise<boolean> {
    const done = await run(async () => {
      const active = await referenceDataApi.saveDepartment(input);
      // The dispatch pickers offer active departments: keep them current without a reload.
      useWorkflowStore().departments = active;
      departments.value = await referenceDataApi.departmentRecords();
      return true;
    });
    return done === true;
  }

  async function saveCategoryLimits(input: CategoryLimitsInput): Promise<boolean> {
    const done = await run(async () => {
      categories.value = await referenceDataApi.saveCategoryLimits(input);
      useDirectoryStore().categories = categories.value;
      return true;
    });
    return done === true;
  }

  async function saveCalendarDay(input: CalendarDayInput): Promise<boolean> {
    const done = await run(async () => {
      calendar.value = await referenceDataApi.saveCalendarDay(input);
      return true;
    });
    return done === true;
  }

  return { departments, categories, calendar, busy, error, load, saveDepartment, saveCategoryLimits, saveCalendarDay };
});
