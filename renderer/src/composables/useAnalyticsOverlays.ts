import L from 'leaflet';
import { watch } from 'vue';
import type { AnalyticsFilter } from '@contract/analytics';
import type { CaseFilter } from '@contract/cases';
import { analyticsApi } from '@/api/analytics';
import { i18n } from '@/i18n';
import { ChoroplethLayer, GI_COLOURS, SEQUENTIAL } from '@/map/choropleth-layer';
import { heatLayer, rampColour } from '@/map/heat-layer';
import { useAnalyticsStore } from '@/stores/analytics.store';
import { useCasesStore } from '@/stores/cases.store';
import { useMapStore } from '@/stores/map.store';
import { useRegionsStore } from '@/stores/regions.store';
import { escapeHtml } from '@/domain/escape-html';

type Kind = 'heat' | 'choropleth' | 'hotspots';
const KINDS: readonly Kind[] = ['heat', 'choropleth', 'hotspots'];
const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(`analytics.overlay.${key}`, values ?? {});
const esc = escapeHtml;

/** A class (prev, b] of counts in words: whole numbers as "3–5", otherwise as an interval. */
function classLabel(prev: number | undefined, b: number): string {
  if (prev === undefined) return `≤ ${b}`;
  if (Number.isInteger(prev) && Number.isInteger(b)) return prev + 1 === b ? `${b}` : `${prev + 1}–${b}`;
  return `(${prev}, ${b}]`;
}

/** What one overlay draws and its legend, from the filter (kept out of the layer so the three share it). */
interface Drawn {
  layer: L.Layer;
  legend: string;
  /** Which filter chose the cases, in words (default: the analytics view's). */
  note?: string;
}

async function draw(kind: Kind, filter: AnalyticsFilter, caseFilter: CaseFilter): Promise<Drawn> {
  const regions = useRegionsStore();
  if (kind === 'heat') {
    // The heat follows the case list (what the points show); the grid statistics follow the analytics view.
    const raster = await analyticsApi.heatOfCases(caseFilter, 250);
    const stops = [0, 0.25, 0.5, 0.75, 1].map((f) => `rgb(${rampColour(f).join(',')})`).join(',');
    return {
      layer: heatLayer(raster),
      legend: `<div class="gd-ao-title">${esc(t('heatTitle'))}</div>
        <div class="gd-ao-ramp" style="background:linear-gradient(to right,${stops})"></div>
        <div class="gd-ao-ramp-labels"><span>0</span><span>${Math.round(raster.max)}</span></div>`,
      note: t('listFilterNote', { n: raster.cases }),
    };
  }
  if (kind === 'choropleth') {
    const data = await analyticsApi.choropleth({ filter, level: 'grid', measure: 'count', classing: 'quantile', classes: 5 });
    const byId = new Map(data.rows.map((r) => [r.regionId, r]));
    const colours = SEQUENTIAL.slice(0, Math.max(1, data.breaks.length));
    const layer = new ChoroplethLayer(regions.shapes.grid, (id) => {
      const row = byId.get(id);
      if (!row) return null;
      return { fill: colours[row.cls] ?? '#ccc', opacity: 0.6, tooltip: `${esc(regions.byId.get(id)?.name ?? '')}<br>${row.count}（${row.previous} → ${row.count}）` };
    });
    const month = new Date(data.from + 8 * 3_600_000).toISOString().slice(0, 7);
    const rows = data.breaks.map((b, i) => `<div class="gd-ao-row"><i style="background:${colours[i]}"></i>${classLabel(data.breaks[i - 1], b)}</div>`);
    return { layer, legend: `<div class="gd-ao-title">${esc(t('choroplethTitle', { month }))}</div>${rows.join('')}` };
  }
  const data = await analyticsApi.hotspots({ filter, weights: 'queen', fdr: false, emerging: false });
  const byId = new Map(data.grids.map((g) => [g.gridId, g]));
  const layer = new ChoroplethLayer(regions.shapes.grid, (id) => {
    const g = byId.get(id);
    // Only significant grids are filled: the main map keeps its other layers readable.
    if (!g || g.bin === 0) return null;
    return { fill: GI_COLOURS[String(g.bin)]!, opacity: 0.65, tooltip: `${esc(g.name)}<br>z=${g.z.toFixed(2)} · p=${g.p.toPrecision(2)}<br>${esc(i18n.global.t(`analytics.hotspots.bins.${g.bin}`))}` };
  });
  const counts = new Map<number, number>();
  for (const g of data.grids) counts.set(g.bin, (counts.get(g.bin) ?? 0) + 1);
  const rows = [3, 2, 1, -1, -2, -3].map((b) =>
    `<div class="gd-ao-row"><i style="background:${GI_COLOURS[String(b)]}"></i>${esc(i18n.global.t(`analytics.hotspots.bins.${b}`))}<b>${counts.get(b) ?? 0}</b></div>`);
  return { layer, legend: `<div class="gd-ao-title">${esc(t('hotspotsTitle'))}</div>${rows.join('')}` };
}

/**
 * One analytics overlay on the main map: fetches its data when switched on (and again when asked),
 * draws it, and shows its legend as a map control. Drawn through the map's CRS (image corners and
 * polygon vertices are projected by it), so it follows a GCJ-02 basemap like the region outlines.
 */
class AnalyticsOverlay extends L.LayerGroup {
  private legend: L.Control | undefined;
  private legendBox: HTMLElement | undefined;
  private seq = 0;

  constructor(readonly kind: Kind, private readonly filter: () => AnalyticsFilter, private readonly caseFilter: () => CaseFilter) {
    super();
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    live.add(this);
    const box = L.DomUtil.create('div', `gd-ao-legend gd-ao-legend--${this.kind}`);
    box.dataset.testid = `analytics-overlay-legend-${this.kind}`;
    this.legendBox = box;
    const Legend = L.Control.extend({ onAdd: () => box });
    this.legend = new Legend({ position: 'bottomleft' }).addTo(map);
    void this.reload();
    return this;
  }

  override onRemove(map: L.Map): this {
    live.delete(this);
    this.seq++;
    this.legend?.remove();
    this.legend = undefined;
    this.clearLayers();
    return super.onRemove(map);
  }

  async reload(): Promise<void> {
    const mine = ++this.seq;
    if (this.legendBox) this.legendBox.innerHTML = `<div class="gd-ao-title">${esc(t(this.kind))}</div>${esc(t('loading'))}`;
    try {
      const drawn = await draw(this.kind, this.filter(), this.caseFilter());
      if (mine !== this.seq) return;
      this.clearLayers();
      this.addLayer(drawn.layer);
      if (this.legendBox) this.legendBox.innerHTML = `${drawn.legend}<div class="gd-ao-note">${esc(drawn.note ?? t('filterNote'))}</div>`;
      this.legendBox?.setAttribute('data-state', 'ready');
    } catch (error) {
      if (mine !== this.seq || !this.legendBox) return;
      this.legendBox.innerHTML = esc(t('failed', { reason: (error as Error).message }));
      this.legendBox.setAttribute('data-state', 'error');
    }
  }
}

/** Legend styles: the controls live in Leaflet's DOM, outside any component's scoped CSS. */
const STYLE = `
.gd-ao-legend { margin-bottom: 30px !important; padding: 6px 8px; min-width: 150px; max-width: 230px; border-radius: 4px;
  background: rgba(255,255,255,.94); box-shadow: 0 1px 4px rgba(0,0,0,.25); color: #1f2937; font-size: 11px; line-height: 1.5; }
.gd-ao-title { font-weight: 600; margin-bottom: 3px; }
.gd-ao-ramp { height: 9px; border-radius: 2px; }
.gd-ao-ramp-labels { display: flex; justify-content: space-between; }
.gd-ao-row { display: flex; align-items: center; gap: 6px; }
.gd-ao-row i { width: 14px; height: 10px; border: 1px solid #9aa3af; }
.gd-ao-row b { margin-left: auto; font-weight: 400; color: #6b7280; }
.gd-ao-note { margin-top: 3px; color: #6b7280; }`;
function injectStyle(): void {
  if (document.getElementById('gd-ao-style')) return;
  const style = document.createElement('style');
  style.id = 'gd-ao-style';
  style.textContent = STYLE;
  document.head.appendChild(style);
}

/** The overlays on a map now; reloaded when the filter or the data change. */
const live = new Set<AnalyticsOverlay>();

/**
 * Heat, grid choropleth and Gi* hot-spot grids as overlays of the main map, switched in the layer
 * switcher (mapStore.registerOverlay). The heat shows the cases of the case list's filter (the same
 * cases as the points); the grid statistics use the analytics view's filter (category, source, area).
 * They refresh when either changes or when the case points reload (after writes or a filter change).
 */
export function useAnalyticsOverlays(): void {
  const mapStore = useMapStore();
  const analytics = useAnalyticsStore();
  const cases = useCasesStore();
  const regions = useRegionsStore();
  injectStyle();
  for (const kind of KINDS) {
    const id = `analytics-${kind}`;
    // Registered once per session: the switch keeps its state when the map is shown again.
    if (mapStore.extraOverlays.some((o) => o.id === id)) continue;
    mapStore.registerOverlay({ id, label: `analytics.overlay.${kind}`, labelIsKey: true, visible: false, create: () => new AnalyticsOverlay(kind, () => analytics.filter, () => cases.filter) });
  }
  watch([() => analytics.filter, () => cases.points, () => regions.shapes], () => {
    for (const overlay of live) void overlay.reload();
  }, { deep: true });
}
