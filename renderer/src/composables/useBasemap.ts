import type L from 'leaflet';
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import { BasemapLayer } from '@/map/basemap-layer';
import { useMapStore } from '@/stores/map.store';
import { MAX_ZOOM } from './useLeafletMap';

/**
 * Keeps the map's basemap in step with the store's choice. When an online source cannot be
 * reached (grid centers often have no internet) it falls back to the bundled offline archive.
 */
export function useBasemap(map: ShallowRef<L.Map | null>) {
  const mapStore = useMapStore();
  let layer: BasemapLayer | undefined;

  function onSourceFailed(): void {
    if (layer && !layer.basemap.offline) mapStore.fallBackToOffline();
  }

  watch(
    [map, () => mapStore.activeBasemap],
    ([instance, basemap]) => {
      if (layer && layer.basemap.id === basemap?.id && instance?.hasLayer(layer)) return;
      layer?.off('sourcefailed', onSourceFailed);
      layer?.remove();
      layer = undefined;
      if (!instance || !basemap) return;
      layer = new BasemapLayer(basemap, { maxZoom: MAX_ZOOM });
      layer.on('sourcefailed', onSourceFailed);
      layer.addTo(instance);
      layer.bringToBack();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    layer?.off('sourcefailed', onSourceFailed);
    layer?.remove();
  });
}
