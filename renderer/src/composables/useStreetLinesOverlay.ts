import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { StreetLineLayer } from '@/map/grid-edit-layers';
import { useGridsStore } from '@/stores/grids.store';
import { useMapStore } from '@/stores/map.store';

/** One layer for the session: only one map is shown at a time, and the lines are the same on each. */
const streetLayer = new StreetLineLayer();

/**
 * Street lines (街巷) with their chiefs as a switchable overlay of every map: off by default on the
 * main map (cases first), switched on by the grids view where they are drawn and assigned.
 */
export function useStreetLinesOverlay(): void {
  const { t, locale } = useI18n();
  const mapStore = useMapStore();
  const grids = useGridsStore();
  if (!mapStore.extraOverlays.some((o) => o.id === 'street-lines')) {
    mapStore.registerOverlay({ id: 'street-lines', label: 'grids.streets.overlay', labelIsKey: true, visible: false, create: () => streetLayer });
    void grids.loadStreets().catch(() => undefined);
  }
  watch([() => grids.streets, locale], ([lines]) => streetLayer.setLines(lines, t('grids.streets.noChief')), { immediate: true });
}
