import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { Basemap } from '@contract/basemaps';
import { basemapsApi } from '@/api/basemaps';

export type OverlayKey = 'streets' | 'communities' | 'grids' | 'labels' | 'cases';
export const OVERLAY_KEYS: readonly OverlayKey[] = ['streets', 'communities', 'grids', 'labels', 'cases'];
/** How long the "switched to the offline basemap" notice stays. */
const NOTICE_MS = 15_000;

/**
 * What the map shows, as plain data: the basemap choice, overlay switches, cursor and zoom.
 * The Leaflet objects themselves live in the map composables, never here.
 */
export const useMapStore = defineStore('map', () => {
  const basemaps = shallowRef<Basemap[]>([]);
  const activeBasemapId = ref<number | null>(null);
  /** Set when the online basemap failed and the offline archive took over. */
  const fellBackToOffline = ref(false);
  const overlays = reactive<Record<OverlayKey, boolean>>({
    streets: true, communities: true, grids: true, labels: true, cases: true,
  });
  const cursor = ref<{ lng: number; lat: number } | null>(null);
  const zoom = ref<number | null>(null);
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  const activeBasemap = computed(() => basemaps.value.find((b) => b.id === activeBasemapId.value) ?? null);
  const offlineBasemap = computed(() => basemaps.value.find((b) => b.offline) ?? null);

  async function loadBasemaps(): Promise<void> {
    basemaps.value = await basemapsApi.list();
    const preferred = basemaps.value.find((b) => b.isDefault) ?? basemaps.value[0];
    activeBasemapId.value = preferred?.id ?? null;
  }

  /** The user's choice; clears the fallback notice. */
  function chooseBasemap(id: number): void {
    activeBasemapId.value = id;
    dismissFallbackNotice();
  }

  /** The active online source failed to load: use the bundled offline archive instead. */
  function fallBackToOffline(): boolean {
    const offline = offlineBasemap.value;
    if (!offline || offline.id === activeBasemapId.value) return false;
    activeBasemapId.value = offline.id;
    fellBackToOffline.value = true;
    // A notice, not a banner for the whole shift: the layer button keeps naming the basemap.
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (fellBackToOffline.value = false), NOTICE_MS);
    return true;
  }

  function dismissFallbackNotice(): void {
    clearTimeout(noticeTimer);
    fellBackToOffline.value = false;
  }

  function setOverlay(key: OverlayKey, visible: boolean): void {
    overlays[key] = visible;
  }

  return {
    basemaps, activeBasemapId, fellBackToOffline, overlays, cursor, zoom, activeBasemap, offlineBasemap,
    loadBasemaps, chooseBasemap, fallBackToOffline, dismissFallbackNotice, setOverlay,
  };
});
