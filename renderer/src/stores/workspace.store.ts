import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { WorkspaceInfo } from '@contract/workspace';
import { workspaceApi } from '@/api/workspace';

/** The open workspace: its name, counts, provenance and extent. */
export const useWorkspaceStore = defineStore('workspace', () => {
  const info = shallowRef<WorkspaceInfo | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const provenanceOpen = ref(false);

  const isDemo = computed(() => info.value?.isDemo ?? false);
  const name = computed(() => info.value?.name ?? '');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      info.value = await workspaceApi.info();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }

  function showProvenance(open = true): void {
    provenanceOpen.value = open;
  }

  return { info, loading, error, provenanceOpen, isDemo, name, load, showProvenance };
});
