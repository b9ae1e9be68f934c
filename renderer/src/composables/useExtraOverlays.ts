import type L from 'leaflet';
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import { useMapStore, type MapOverlayDef } from '@/stores/map.store';

/**
 * Puts the overlays other features registered in the map store (mapStore.registerOverlay) on the
 * map: a layer is created once per registration and added or removed as its switch changes.
 */
export function useExtraOverlays(map: ShallowRef<L.Map | null>) {
  const mapStore = useMapStore();
  const live = new Map<string, { def: MapOverlayDef; layer: L.Layer }>();

  function sync(instance: L.Map | null, defs: MapOverlayDef[]): void {
    for (const [id, entry] of live) {
      const def = defs.find((d) => d.id === id);
      // A new registration (new factory) replaces the old layer.
      if (!def || def.create !== entry.def.create || !instance) {
        entry.layer.remove();
        live.delete(id);
      }
    }
    if (!instance) return;
    for (const def of defs) {
      let entry = live.get(def.id);
      if (!entry) {
        entry = { def, layer: def.create() };
        live.set(def.id, entry);
      }
      entry.def = def;
      if (def.visible && !instance.hasLayer(entry.layer)) entry.layer.addTo(instance);
      if (!def.visible && instance.hasLayer(entry.layer)) entry.layer.remove();
    }
  }

  watch([map, () => mapStore.extraOverlays], ([instance, defs]) => sync(instance, defs), { immediate: true });
  onBeforeUnmount(() => {
    for (const entry of live.values()) entry.layer.remove();
    live.clear();
  });
}
