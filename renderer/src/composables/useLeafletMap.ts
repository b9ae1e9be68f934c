import L from 'leaflet';
import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue';
import { useMapStore } from '@/stores/map.store';

export const MAX_ZOOM = 18;

/** Panes above the default overlay pane (400): case points over the outlines, highlight over both. */
const PANES: Record<string, number> = { gdCasePoints: 450, gdHighlight: 460 };

/**
 * Creates the Leaflet map in `container` once it is mounted and removes it on unmount.
 * The map object is kept in a shallowRef (it is not data); the cursor and zoom go to the map store.
 */
export function useLeafletMap(container: Ref<HTMLElement | null>) {
  const map = shallowRef<L.Map | null>(null);
  const mapStore = useMapStore();
  let resizeObserver: ResizeObserver | undefined;

  onMounted(() => {
    if (!container.value) return;
    const instance = L.map(container.value, {
      zoomControl: false,
      attributionControl: true,
      // Low enough for world archives (z0–4); the workspace view starts at district scale anyway.
      minZoom: 2,
      maxZoom: MAX_ZOOM,
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      wheelPxPerZoomLevel: 120,
      worldCopyJump: false,
    });
    instance.attributionControl.setPrefix('Leaflet');
    L.control.zoom({ position: 'topleft', zoomInTitle: '+', zoomOutTitle: '−' }).addTo(instance);
    L.control.scale({ position: 'bottomleft', imperial: false, maxWidth: 140 }).addTo(instance);
    for (const [name, zIndex] of Object.entries(PANES)) instance.createPane(name).style.zIndex = String(zIndex);
    instance.setView([39.915, 116.404], 12);

    instance.on('mousemove', (e: L.LeafletMouseEvent) => {
      mapStore.cursor = { lng: e.latlng.lng, lat: e.latlng.lat };
    });
    instance.on('mouseout', () => {
      mapStore.cursor = null;
    });
    instance.on('zoomend', () => {
      mapStore.zoom = instance.getZoom();
    });
    mapStore.zoom = instance.getZoom();
    // The view as data attributes: the e2e specs check where overlays are drawn in the basemap's pixels.
    const describeView = () => {
      const el = instance.getContainer();
      const origin = instance.getPixelOrigin();
      el.dataset.zoom = String(instance.getZoom());
      el.dataset.pixelOrigin = `${origin.x},${origin.y}`;
      el.dataset.crs = String((instance.options.crs as L.CRS & { code?: string }).code ?? '');
    };
    instance.on('moveend zoomend viewreset', describeView);
    describeView();

    resizeObserver = new ResizeObserver(() => instance.invalidateSize({ pan: false }));
    resizeObserver.observe(container.value);
    map.value = instance;
  });

  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    map.value?.remove();
    map.value = null;
  });

  /** Fits [minLng, minLat, maxLng, maxLat]. */
  function fitBBox(bbox: readonly [number, number, number, number], animate = false): void {
    map.value?.fitBounds(
      [
        [bbox[1], bbox[0]],
        [bbox[3], bbox[2]],
      ],
      { padding: [16, 16], animate },
    );
  }

  return { map, fitBBox };
}
