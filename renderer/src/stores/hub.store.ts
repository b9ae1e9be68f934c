import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { HubState } from '@contract/hub';
import type { Input } from '@contract/index';
import { hubApi } from '@/api/hub';

/** How often an open screen refreshes the link's state (connected, waiting, last push and pull). */
const POLL_MS = 3000;

/** The workstation's link to its hub: its state, kept fresh while a screen that shows it is open. */
export const useHubStore = defineStore('hub', () => {
  const state = shallowRef<HubState | null>(null);
  const error = ref<string | null>(null);
  const connected = computed(() => state.value?.status === 'connected');
  let watchers = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function load(): Promise<void> {
    try {
      state.value = await hubApi.state();
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** A screen showing the state starts watching; the last one to stop ends the polling. */
  function watch(): () => void {
    watchers++;
    if (!timer) {
      void load();
      timer = setInterval(() => void load(), POLL_MS);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      watchers--;
      if (watchers === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }

  async function save(input: Input<'hub:saveSettings'>): Promise<void> {
    state.value = await hubApi.save(input);
  }

  async function clear(): Promise<void> {
    state.value = await hubApi.clear();
  }

  async function syncNow(): Promise<void> {
    state.value = await hubApi.syncNow();
  }

  return { state, error, connected, load, watch, save, clear, syncNow };
});
