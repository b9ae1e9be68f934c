import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef } from 'vue';
import type { Basemap } from '@contract/basemaps';
import type { Crs } from '@contract/common';
import { basemapsApi } from '@/api/basemaps';

export type OverlayKey = 'streets' | 'communities' | 'grids' | 'labels' | 'cases';
export const OVERLAY_KEYS: readonly OverlayKey[] = ['streets', 'communities', 'grids', 'labels', 'cases'];
/**
 * An overlay another feature adds to the map (heat layer, choropleth, topology highlights…).
 * `create` builds the Leaflet layer when the map is there; the store keeps only the factory, never
 * the layer. Layers are drawn through the map's CRS, so they follow a GCJ-02 basemap by themselves
 * as long as they place things with map.latLngToLayerPoint / L.Path / L.Marker.
 */
export interface MapOverlayDef {
  id: string;
  /** Shown in the layer switcher (already translated, or an i18n key when `labelIsKey`). */
  label: string;
  labelIsKey?: boolean;
  visible: boolean;
  create: () => import('leaflet').Layer;
  /** A legend component's data, if the overlay has one (free-form; the owner renders it). */
  legend?: unknown;
}

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
  /** The system the map is displayed in (the active basemap's). */
  const displayCrs = ref<Crs>('wgs84');
  /** Offline tiles that failed to load since the basemap was chosen. */
  const tileErrors = ref(0);
  /** Whether the view shows any of the active archive's bounds (set by the map). */
  const viewInBounds = ref(true);
  const extraOverlays = shallowRef<MapOverlayDef[]>([]);
  /** Asks the map to frame [west, south, east, north] (bumped seq so the same box can be asked again). */
  const fitRequest = ref<{ bbox: [number, number, number, number]; seq: number } | null>(null);
  function requestFit(bbox: [number, number, number, number]): void {
    fitRequest.value = { bbox, seq: (fitRequest.value?.seq ?? 0) + 1 };
  }
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

  /** Adds or replaces an overlay by id (e.g. `mapStore.registerOverlay({ id: 'heat', … })`). */
  function registerOverlay(def: MapOverlayDef): void {
    const raw = markRaw({ ...def });
    extraOverlays.value = [...extraOverlays.value.filter((o) => o.id !== def.id), raw];
  }

  function unregisterOverlay(id: string): void {
    extraOverlays.value = extraOverlays.value.filter((o) => o.id !== id);
  }

  function setExtraOverlayVisible(id: string, visible: boolean): void {
    extraOverlays.value = extraOverlays.value.map((o) => (o.id === id ? markRaw({ ...o, visible }) : o));
  }

  async function reloadBasemaps(keepId: number | null = activeBasemapId.value): Promise<void> {
    basemaps.value = await basemapsApi.list();
    if (keepId !== null && basemaps.value.some((b) => b.id === keepId)) activeBasemapId.value = keepId;
    else activeBasemapId.value = (basemaps.value.find((b) => b.isDefault) ?? basemaps.value[0])?.id ?? null;
  }

  return {
    basemaps, activeBasemapId, fellBackToOffline, overlays, cursor, zoom, activeBasemap, offlineBasemap,
    displayCrs, tileErrors, viewInBounds, extraOverlays, fitRequest, requestFit,
    loadBasemaps, reloadBasemaps, chooseBasemap, fallBackToOffline, dismissFallbackNotice, setOverlay,
    registerOverlay, unregisterOverlay, setExtraOverlayVisible,
  };
});
