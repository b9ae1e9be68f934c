import L from 'leaflet';
import type { RegionShape } from '@contract/regions';
import { geometryLatLngs } from './region-layer';

/** Sequential palettes (ColorBrewer): counts in blues→reds, changes diverging. */
export const SEQUENTIAL = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#8c2d04', '#5a1a02', '#3d1001', '#2a0a00', '#1a0600'];
export const DIVERGING = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'];
/** Gi* bins −3…3, as the standard hot spot maps colour them. */
export const GI_COLOURS: Record<string, string> = {
  '-3': '#4575b5', '-2': '#849eba', '-1': '#c0ccbe', '0': '#f5f5dc', '1': '#fab984', '2': '#ed7551', '3': '#d62f27',
};

export interface ChoroplethStyle {
  fill: string;
  opacity?: number;
  tooltip: string;
}

/**
 * Regions filled by a value: each polygon gets its style from `styleOf(id)`; regions it returns
 * null for are left out. SVG paths carry `gd-choropleth` (tests count them).
 */
export class ChoroplethLayer extends L.FeatureGroup {
  constructor(shapes: RegionShape[], styleOf: (id: number) => ChoroplethStyle | null, onClick?: (id: number) => void) {
    super();
    for (const shape of shapes) {
      const style = styleOf(shape.id);
      const latLngs = geometryLatLngs(shape.geometry);
      if (!style || !latLngs) continue;
      const polygon = L.polygon(latLngs, {
        color: '#5b6573', weight: 0.6, opacity: 0.7, fillColor: style.fill, fillOpacity: style.opacity ?? 0.72,
        className: 'gd-choropleth',
      });
      polygon.bindTooltip(style.tooltip, { sticky: true, direction: 'top' });
      if (onClick) polygon.on('click', () => onClick(shape.id));
      this.addLayer(polygon);
    }
  }
}
