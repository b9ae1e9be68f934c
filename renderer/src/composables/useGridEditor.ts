import L from 'leaflet';
import { onBeforeUnmount, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Geometry } from '@contract/common';
import { gridsApi, streetsApi } from '@/api/grids';
import { MapHandle } from '@/map/grid-edit-layers';
import { useStreetLinesOverlay } from '@/composables/useStreetLinesOverlay';
import { geometryLatLngs } from '@/map/region-layer';
import { useGridsStore } from '@/stores/grids.store';
import { useMapStore } from '@/stores/map.store';
import { useRegionsStore } from '@/stores/regions.store';

export type EditMode = 'idle' | 'draw' | 'reshape' | 'split' | 'street';

/** Vertices within this many pixels of a grid or community edge land on it: neighbours share edges, no gaps. */
const SNAP = { snappable: true, snapDistance: 14 } as const;
const SKETCH: L.PathOptions = { color: '#f76707', weight: 2.5, fillColor: '#ffa94d', fillOpacity: 0.2 };

/**
 * Grid and street-line editing on the map with leaflet-geoman: draw a grid, drag a grid's vertices,
 * draw a cutting line, draw a street line. The services validate and store every edit; this only
 * sketches. Coordinates come from the map's latlngs, which are WGS84 whatever the basemap's system.
 */
export function useGridEditor() {
  const { locale } = useI18n();
  const mapStore = useMapStore();
  const grids = useGridsStore();
  const regions = useRegionsStore();
  const map = shallowRef<L.Map | null>(null);
  const mode = ref<EditMode>('idle');
  let sketch: L.Polygon | undefined;
  let reshaping: number | null = null;
  let onCreate: ((geometry: Geometry) => void) | undefined;

  function created(e: { layer: L.Layer }): void {
    const geometry = (e.layer as L.Polyline).toGeoJSON(false).geometry as Geometry;
    e.layer.remove();
    const handler = onCreate;
    onCreate = undefined;
    mode.value = 'idle';
    handler?.(geometry);
  }

  /** Drawing ended (after pm:create, or by Esc without a shape): back to idle unless reshaping. */
  function drawEnded(): void {
    if (mode.value === 'reshape') return;
    onCreate = undefined;
    mode.value = 'idle';
  }

  function attach(instance: L.Map | null): void {
    map.value?.off('pm:create', created).off('pm:drawend', drawEnded);
    map.value = instance;
    if (!instance?.pm) return;
    instance.pm.setLang(locale.value === 'en' ? 'en' : 'zh');
    instance.pm.setGlobalOptions({ exitModeOnEscape: true, finishOnEnter: true });
    instance.on('pm:create', created).on('pm:drawend', drawEnded);
  }

  mapStore.registerOverlay({ id: 'grid-editor', label: 'grids.edit.overlay', labelIsKey: true, visible: true, create: () => new MapHandle(attach) });
  // The street lines overlay (every map has it, off by default) is on while editing grids and lines.
  useStreetLinesOverlay();
  const streetsWereVisible = mapStore.extraOverlays.find((o) => o.id === 'street-lines')?.visible ?? false;
  mapStore.setExtraOverlayVisible('street-lines', true);
  void grids.loadEdits().catch(() => undefined);

  function cancel(): void {
    map.value?.pm?.disableDraw();
    sketch?.pm?.disable();
    sketch?.remove();
    sketch = undefined;
    reshaping = null;
    onCreate = undefined;
    mode.value = 'idle';
  }

  function startDraw(shape: 'Polygon' | 'Line', next: EditMode, handler: (geometry: Geometry) => void): boolean {
    cancel();
    if (!map.value?.pm) return false;
    map.value.pm.enableDraw(shape, {
      ...SNAP, finishOnEnter: true, allowSelfIntersection: false, templineStyle: SKETCH, hintlineStyle: { ...SKETCH, dashArray: '5 5' }, pathOptions: SKETCH,
    });
    onCreate = handler;
    mode.value = next;
    return true;
  }

  onBeforeUnmount(() => {
    cancel();
    attach(null);
    mapStore.unregisterOverlay('grid-editor');
    mapStore.setExtraOverlayVisible('street-lines', streetsWereVisible);
  });

  const lineOf = (g: Geometry): [number, number][] => (g.type === 'LineString' ? g.coordinates : []);

  return {
    mode,
    cancel,
    drawGrid: (name: string | null) => startDraw('Polygon', 'draw', (g) => void grids.edit(() => gridsApi.draw(g, name))),
    split: (regionId: number, newName: string | null) =>
      startDraw('Line', 'split', (g) => void grids.edit(() => gridsApi.split(regionId, lineOf(g), newName))),
    drawStreet: (name: string, chiefStaffId: number | null, done: (error: string | null) => void) =>
      startDraw('Line', 'street', (g) =>
        void grids.saveStreet(() => streetsApi.draw(name, lineOf(g), chiefStaffId)).then(() => done(null), (e: Error) => done(e.message))),
    /** Puts the grid's outline under the mouse: drag vertices (they snap to neighbours), then save. */
    reshape(regionId: number): boolean {
      cancel();
      const shape = regions.shapes.grid.find((s) => s.id === regionId);
      const latLngs = shape && geometryLatLngs(shape.geometry);
      if (!map.value || !latLngs) return false;
      sketch = L.polygon(latLngs, { ...SKETCH, className: 'gd-grid-sketch' }).addTo(map.value);
      sketch.pm.enable({ ...SNAP, allowSelfIntersection: false });
      reshaping = regionId;
      mode.value = 'reshape';
      return true;
    },
    async saveReshape(): Promise<void> {
      if (!sketch || reshaping === null) return;
      const geometry = sketch.toGeoJSON(false).geometry as Geometry;
      const id = reshaping;
      cancel();
      await grids.edit(() => gridsApi.reshape(id, geometry));
    },
    undo: () => grids.edit(() => gridsApi.undo()),
    merge: (regionId: number, otherId: number) => grids.edit(() => gridsApi.merge(regionId, otherId)),
  };
}
