import type L from 'leaflet';
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import { BasemapLayer } from '@/map/basemap-layer';
import { leafletCrsFor, switchMapCrs } from '@/map/display-crs';
import { useMapStore } from '@/stores/map.store';
import { MAX_ZOOM } from './useLeafletMap';

/**
 * Keeps the map's basemap in step with the store's choice, and the map's CRS in step with the
 * basemap's coordinate system (GCJ-02 shifts every overlay; see display-crs.ts). When an online
 * source cannot be reached (grid centers often have no internet) it falls back to the bundled
 * offline archive.
 */
export function useBasemap(map: ShallowRef<L.Map | null>) {
  const mapStore = useMapStore();
  let layer: BasemapLayer | undefined;
  let labels: BasemapLayer | undefined;

  function onSourceFailed(): void {
    if (layer && !layer.basemap.offline) mapStore.fallBackToOffline();
  }

  function onTileError(): void {
    if (layer?.basemap.offline) mapStore.tileErrors++;
  }

  watch(
    [map, () => mapStore.activeBasemap],
    ([instance, basemap]) => {
      if (layer && layer.basemap === basemap && instance?.hasLayer(layer)) return;
      layer?.off('sourcefailed', onSourceFailed).off('tileerror', onTileError);
      layer?.remove();
      labels?.remove();
      layer = labels = undefined;
      mapStore.tileErrors = 0;
      if (!instance || !basemap) return;
      switchMapCrs(instance, leafletCrsFor(basemap.crs));
      mapStore.displayCrs = basemap.crs;
      layer = new BasemapLayer(basemap, { maxZoom: MAX_ZOOM });
      layer.on('sourcefailed', onSourceFailed).on('tileerror', onTileError);
      layer.addTo(instance);
      layer.bringToBack();
      if (basemap.labelsUrlTemplate) {
        labels = new BasemapLayer(basemap, { maxZoom: MAX_ZOOM, urlTemplate: basemap.labelsUrlTemplate }).addTo(instance);
      }
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    layer?.off('sourcefailed', onSourceFailed).off('tileerror', onTileError);
    layer?.remove();
    labels?.remove();
  });
}
