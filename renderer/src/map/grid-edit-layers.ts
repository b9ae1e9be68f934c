import L from 'leaflet';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import type { StreetLine } from '@contract/streets';
import { escapeHtml } from '@/domain/escape-html';

/**
 * An empty layer whose only job is to hand the map to the grid editor: the map panel adds the
 * overlays other features register, so the editor gets the map without the panel knowing of it.
 */
export class MapHandle extends L.Layer {
  constructor(private readonly onMap: (map: L.Map | null) => void) {
    super({ pmIgnore: true, snapIgnore: true });
  }

  override onAdd(map: L.Map): this {
    this.onMap(map);
    return this;
  }

  override onRemove(): this {
    this.onMap(null);
    return this;
  }
}

const LINE_STYLE: L.PolylineOptions = { color: '#7c3aed', weight: 3, opacity: 0.9, pmIgnore: true, snapIgnore: true };
const NO_CHIEF_STYLE: L.PolylineOptions = { ...LINE_STYLE, color: '#d9363e', dashArray: '6 4' };

/** Street lines (街巷): purple, red dashed when nobody is chief; the tooltip names the chief. */
export class StreetLineLayer extends L.FeatureGroup {
  setLines(lines: StreetLine[], noChief: string): void {
    this.clearLayers();
    for (const line of lines) {
      const coords = line.geometry.type === 'LineString' ? [line.geometry.coordinates] : line.geometry.coordinates;
      const path = L.polyline(coords.map((part) => part.map(([lng, lat]) => L.latLng(lat, lng))), {
        ...(line.chiefStaffId === null ? NO_CHIEF_STYLE : LINE_STYLE),
        className: `gd-street-line${line.chiefStaffId === null ? ' gd-street-line--no-chief' : ''}`,
      });
      // Names come from imported files: the tooltip takes HTML.
      path.bindTooltip(escapeHtml(`${line.name} · ${line.chiefName ?? noChief}`), { sticky: true });
      this.addLayer(path);
    }
  }
}
