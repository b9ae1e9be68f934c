import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Department } from '@contract/directory';
import { DEPARTMENT_SCOPE_PREFIX, type ExchangeScope } from '@contract/exchange';
import { directoryApi } from '@/api/directory';
import { useRegionsStore } from '@/stores/regions.store';

/**
 * What a workstation's scope can name — an exchange peer's or the hub link's: streets and
 * communities, and departments (a department's desk takes the cases it leads or is summoned to).
 */
export function useScopeChoices() {
  const { t } = useI18n();
  const regions = useRegionsStore();
  const departments = shallowRef<Department[]>([]);
  const places = computed(() =>
    regions.nodes.filter((n) => n.level === 'street' || n.level === 'community').map((n) => ({ value: n.code, label: `${n.name}（${n.code}）` })),
  );
  const departmentChoices = computed(() =>
    departments.value.map((d) => ({ value: DEPARTMENT_SCOPE_PREFIX + d.code, label: t('exchange.scopeDepartment', { name: d.name }) })),
  );
  const names = computed(() => new Map([
    ...regions.nodes.map((n): [string, string] => [n.code, n.name]),
    ...departmentChoices.value.map((c): [string, string] => [c.value, c.label]),
  ]));
  /** A scope in words: 全部案件, or its places and departments by name. */
  const scopeLabel = (scope: ExchangeScope) => (scope === 'all' ? t('exchange.scopeAll') : scope.map((code) => names.value.get(code) ?? code).join('、'));

  async function load(): Promise<void> {
    if (regions.nodes.length === 0) await regions.load();
    departments.value = await directoryApi.departments();
  }
  return { places, departmentChoices, scopeLabel, load };
}
