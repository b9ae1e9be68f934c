import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { WorkspaceInfo, WorkspaceStatus } from '@contract/workspace';
import { workspaceApi } from '@/api/workspace';
import { useBusy } from '@/composables/useBusy';

/** How often the status line asks for read-only mode and background errors. */
const STATUS_POLL_MS = 5000;

/** The open workspace: its name, counts, provenance and extent; its status (read-only, background errors, an open problem). */
export const useWorkspaceStore = defineStore('workspace', () => {
  const info = shallowRef<WorkspaceInfo | null>(null);
  const { busy: loading, error, run } = useBusy();
  const provenanceOpen = ref(false);
  const status = shallowRef<WorkspaceStatus | null>(null);
  let pollTimer: ReturnType<typeof setInterval> | undefined;

  const isDemo = computed(() => info.value?.isDemo ?? false);
  const name = computed(() => info.value?.name ?? '');

  async function load(): Promise<void> {
    await run(async () => {
      info.value = await workspaceApi.info();
    });
  }

  async function loadStatus(): Promise<void> {
    try {
      status.value = await workspaceApi.status();
    } catch {
      // The status line keeps its last answer; the next poll tries again.
    }
  }

  /** Polled for the status line: read-only mode and background errors (a snapshot that failed, a full disk). */
  function watchStatus(): void {
    void loadStatus();
    pollTimer ??= setInterval(() => void loadStatus(), STATUS_POLL_MS);
  }

  function showProvenance(open = true): void {
    provenanceOpen.value = open;
  }

  return { info, loading, error, provenanceOpen, isDemo, name, status, load, loadStatus, watchStatus, showProvenance };
});
