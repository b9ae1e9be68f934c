import L from 'leaflet';
import type { RegionLevel } from '@contract/common';
import { labelBox, placeLabels } from './label-placement';
import { escapeHtml } from '@/domain/escape-html';

export interface RegionLabel {
  id: number;
  level: RegionLevel;
  name: string;
  lng: number;
  lat: number;
}

/** Which level's names are readable at a zoom: streets overview, communities closer, grids closest. */
export function labelLevelAt(zoom: number): RegionLevel {
  if (zoom >= 16) return 'grid';
  if (zoom >= 14) return 'community';
  return 'street';
}

/**
 * Region names as DOM labels, only for the level that suits the zoom and only inside the view,
 * so a district of 800 regions never puts more than a screenful of labels in the DOM.
 */
export class RegionLabelLayer extends L.LayerGroup {
  private labels: RegionLabel[] = [];
  private shown = '';

  setLabels(labels: RegionLabel[]): void {
    this.labels = labels;
    this.shown = '';
    this.update();
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    map.on('moveend', this.update, this);
    this.shown = '';
    this.update();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.update, this);
    super.onRemove(map);
    return this;
  }

  private update(): void {
    const map = this._map as L.Map | undefined;
    if (!map) return;
    const level = labelLevelAt(map.getZoom());
    const view = map.getBounds().pad(0.1);
    const candidates = this.labels.filter((label) => label.level === level && view.contains([label.lat, label.lng]));
    // Crowded names are unreadable anyway: keep the first of any overlapping pair.
    const visible = placeLabels(candidates, (label) =>
      labelBox(map.latLngToContainerPoint([label.lat, label.lng]), label.name, FONT_SIZE[level]),
    );
    const key = `${level}:${visible.map((label) => label.id).join(',')}`;
    if (key === this.shown) return;
    this.shown = key;
    this.clearLayers();
    for (const label of visible) {
      const icon = L.divIcon({
        className: `gd-label gd-label--${level}`,
        html: `<span>${escapeHtml(label.name)}</span>`,
        iconSize: undefined,
      });
      // Names are not vertices: the grid editor must not snap to them.
      this.addLayer(L.marker([label.lat, label.lng], { icon, interactive: false, keyboard: false, pmIgnore: true, snapIgnore: true }));
    }
  }
}

/** Label font sizes in CSS pixels (map.css uses the same). */
const FONT_SIZE: Record<RegionLevel, number> = { district: 14, street: 13, community: 12, grid: 11 };
