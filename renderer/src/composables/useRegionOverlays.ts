import L from 'leaflet';
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import type { RegionLevel } from '@contract/common';
import { RegionLabelLayer, type RegionLabel } from '@/map/region-label-layer';
import { RegionLayer } from '@/map/region-layer';
import { REGION_LEVELS, useRegionsStore } from '@/stores/regions.store';
import { useMapStore, type OverlayKey } from '@/stores/map.store';
import { useGridsStore } from '@/stores/grids.store';

/** The overlay switch that shows each level (the district outline goes with the streets). */
const OVERLAY_OF: Record<RegionLevel, OverlayKey> = {
  district: 'streets',
  street: 'streets',
  community: 'communities',
  grid: 'grids',
};
/** Painted bottom to top, so street lines stay on top of grid lines. */
const PAINT_ORDER: readonly RegionLevel[] = ['grid', 'community', 'street', 'district'];

const HIGHLIGHT_STYLE: L.PolylineOptions = {
  pane: 'gdHighlight',
  color: '#f76707',
  weight: 3.5,
  opacity: 1,
  fillColor: '#ffa94d',
  fillOpacity: 0.12,
  interactive: false,
  className: 'gd-region-highlight',
};

/**
 * Draws the region outlines and names, shows the selected region and zooms to it.
 * `fitHome` frames the whole workspace (used at start and when the selection is cleared).
 */
export function useRegionOverlays(map: ShallowRef<L.Map | null>, fitHome: () => void) {
  const regions = useRegionsStore();
  const mapStore = useMapStore();
  const grids = useGridsStore();
  const layers = new Map<RegionLevel, RegionLayer>();
  const labels = new RegionLabelLayer();
  let highlight: L.Polygon | undefined;

  function applyVisibility(): void {
    const instance = map.value;
    if (!instance) return;
    // Re-adding in paint order keeps the SVG stacking right whatever was toggled.
    for (const layer of layers.values()) layer.remove();
    for (const level of PAINT_ORDER) {
      const layer = layers.get(level);
      if (layer && mapStore.overlays[OVERLAY_OF[level]]) layer.addTo(instance);
    }
    if (mapStore.overlays.labels) labels.addTo(instance);
    else labels.remove();
  }

  function rebuild(): void {
    for (const layer of layers.values()) layer.remove();
    layers.clear();
    for (const level of REGION_LEVELS) layers.set(level, new RegionLayer(level, regions.shapes[level]));
    const named: RegionLabel[] = [];
    for (const node of regions.nodes) {
      if (node.level !== 'district' && node.centroid) {
        named.push({ id: node.id, level: node.level, name: node.name, lng: node.centroid[0], lat: node.centroid[1] });
      }
    }
    labels.setLabels(named);
    applyVisibility();
    layers.get('grid')?.markUnstaffed(grids.unstaffed);
    void grids.loadUnstaffed().catch(() => undefined);
  }

  function showSelection(id: number | null): void {
    highlight?.remove();
    highlight = undefined;
    const instance = map.value;
    if (!instance) return;
    const node = id === null ? undefined : regions.byId.get(id);
    const layer = node ? layers.get(node.level) : undefined;
    const latLngs = node && layer?.latLngsOf(node.id);
    if (!node || !latLngs || node.level === 'district') {
      fitHome();
      return;
    }
    highlight = L.polygon(latLngs, HIGHLIGHT_STYLE).addTo(instance);
    instance.fitBounds(highlight.getBounds(), { padding: [40, 40], maxZoom: 17, animate: true });
  }

  watch([map, () => regions.shapes, () => regions.nodes], ([instance]) => instance && rebuild(), { immediate: true });
  watch(() => ({ ...mapStore.overlays }), () => {
    applyVisibility();
    layers.get('grid')?.markUnstaffed(grids.unstaffed);
  });
  watch(() => grids.unstaffed, (ids) => layers.get('grid')?.markUnstaffed(ids));
  watch([map, () => regions.focusRequest], ([instance]) => instance && showSelection(regions.selectedId));

  onBeforeUnmount(() => {
    for (const layer of layers.values()) layer.remove();
    labels.remove();
    highlight?.remove();
  });

  return {
    /** How many grid polygons are drawn (for the status line and tests). */
    gridCount: () => layers.get('grid')?.size ?? 0,
  };
}
