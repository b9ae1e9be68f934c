import L from 'leaflet';
import { onBeforeUnmount, watch, type ShallowRef } from 'vue';
import { CasePointsLayer } from '@/map/case-points-layer';
import { CASE_STATUSES, STATUS_DRAW_ORDER, statusColor } from '@/domain/case-status';
import { useCasesStore } from '@/stores/cases.store';
import { useMapStore } from '@/stores/map.store';

/** Dot colours by due state (0 no deadline or closed, 1 in time, 2 near-due, 3 overdue); overdue painted last. */
export const DUE_COLORS = ['#adb5bd', '#2f9e44', '#f5a623', '#e03131'] as const;
const DUE_DRAW_ORDER = [0, 1, 2, 3] as const;

/** Width the case drawer covers at the map's right edge (CaseDetailDrawer's size). */
export const DRAWER_WIDTH = 540;

const focusIcon = L.divIcon({ className: 'gd-case-focus', iconSize: [26, 26], html: '<i></i>' });

/** The case points on the map: colour by status, click to open a case, mark the open one. */
export function useCasePoints(map: ShallowRef<L.Map | null>) {
  const cases = useCasesStore();
  const mapStore = useMapStore();
  const layer = new CasePointsLayer({
    pane: 'gdCasePoints',
    colors: CASE_STATUSES.map(statusColor),
    drawOrder: STATUS_DRAW_ORDER,
  });
  let focus: L.Marker | undefined;
  let hoverFrame = 0;

  function onClick(e: L.LeafletMouseEvent): void {
    // Picking an intake location: the click is the location (already WGS84, see display-crs.ts).
    if (cases.picking) {
      cases.finishPick(Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6);
      return;
    }
    if (!mapStore.overlays.cases) return;
    const id = layer.pointAt(e.containerPoint);
    if (id !== null) void cases.openCase(id);
  }

  function onMouseMove(e: L.LeafletMouseEvent): void {
    cancelAnimationFrame(hoverFrame);
    hoverFrame = requestAnimationFrame(() => {
      const instance = map.value;
      if (!instance) return;
      const hit = mapStore.overlays.cases && layer.pointAt(e.containerPoint) !== null;
      instance.getContainer().classList.toggle('gd-map--over-point', hit);
    });
  }

  /** Marks the open case and pans it into the part of the map the drawer leaves visible. */
  function showFocus(lat: number, lng: number): void {
    const instance = map.value;
    if (!instance) return;
    focus ??= L.marker([lat, lng], { icon: focusIcon, interactive: false, keyboard: false, pane: 'gdHighlight' });
    focus.setLatLng([lat, lng]).addTo(instance);
    const size = instance.getSize();
    const visibleWidth = Math.max(200, size.x - DRAWER_WIDTH);
    const p = instance.latLngToContainerPoint([lat, lng]);
    const margin = 40;
    if (p.x < margin || p.x > visibleWidth - margin || p.y < margin || p.y > size.y - margin) {
      instance.panBy([p.x - visibleWidth / 2, p.y - size.y / 2], { animate: true });
    }
  }

  // The palette follows what the loaded points mean (status or due state), set with them.
  watch(
    () => cases.points,
    (points) => {
      if (cases.pointsColorBy === 'due') layer.setPalette(DUE_COLORS, DUE_DRAW_ORDER);
      else layer.setPalette(CASE_STATUSES.map(statusColor), STATUS_DRAW_ORDER);
      layer.setPoints(points);
    },
    { immediate: true },
  );
  watch(() => cases.colorBy, () => void cases.loadPoints());

  watch([map, () => cases.picking], ([instance, picking]) => {
    instance?.getContainer().classList.toggle('gd-map--picking', picking);
  });

  watch(
    [map, () => mapStore.overlays.cases],
    ([instance, visible], [previous]) => {
      if (previous && previous !== instance) {
        previous.off('click', onClick);
        previous.off('mousemove', onMouseMove);
      }
      if (!instance) return;
      if (visible) layer.addTo(instance);
      else layer.remove();
      instance.off('click', onClick).on('click', onClick);
      instance.off('mousemove', onMouseMove).on('mousemove', onMouseMove);
    },
    { immediate: true },
  );

  watch(
    () => [cases.drawerOpen, cases.detail] as const,
    ([open, detail]) => {
      if (open && detail && detail.id === cases.detailId && detail.lat !== null && detail.lng !== null) {
        showFocus(detail.lat, detail.lng);
      } else if (!open) focus?.remove();
    },
  );

  onBeforeUnmount(() => {
    cancelAnimationFrame(hoverFrame);
    map.value?.off('click', onClick).off('mousemove', onMouseMove);
    focus?.remove();
    layer.remove();
  });
}
