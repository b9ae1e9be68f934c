import L from 'leaflet';

/**
 * Lets the user drag a rectangle on the map. A transparent sheet over the map takes the pointer,
 * so the drag neither pans the map nor clicks the case points underneath. Resolves with the
 * rectangle's bounds (WGS84, like every map coordinate here), or null on Escape.
 */
export function pickRectangle(map: L.Map): Promise<L.LatLngBounds | null> {
  return new Promise((resolve) => {
    const container = map.getContainer();
    const sheet = L.DomUtil.create('div', 'gd-area-picker', container);
    Object.assign(sheet.style, { position: 'absolute', inset: '0', zIndex: '1000', cursor: 'crosshair', background: 'rgba(29, 91, 191, 0.04)' });
    let start: L.LatLng | null = null;
    let shape: L.Rectangle | null = null;
    const at = (e: PointerEvent) => map.mouseEventToLatLng(e);

    const finish = (bounds: L.LatLngBounds | null) => {
      document.removeEventListener('keydown', onKey);
      shape?.remove();
      sheet.remove();
      resolve(bounds);
    };
    sheet.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      e.stopPropagation();
      sheet.setPointerCapture(e.pointerId);
      start = at(e);
    });
    sheet.addEventListener('pointermove', (e) => {
      if (!start) return;
      const bounds = L.latLngBounds(start, at(e));
      if (shape) shape.setBounds(bounds);
      else shape = L.rectangle(bounds, { color: '#1d5bbf', weight: 2, dashArray: '6 4', fillOpacity: 0.08, interactive: false }).addTo(map);
    });
    sheet.addEventListener('pointerup', (e) => {
      if (!start) return;
      e.stopPropagation();
      const bounds = L.latLngBounds(start, at(e));
      start = null;
      // A click without a drag is not an area.
      const a = map.latLngToContainerPoint(bounds.getNorthWest());
      const b = map.latLngToContainerPoint(bounds.getSouthEast());
      if (Math.abs(a.x - b.x) < 8 || Math.abs(a.y - b.y) < 8) {
        shape?.remove();
        shape = null;
        return;
      }
      finish(bounds);
    });
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finish(null);
    };
    document.addEventListener('keydown', onKey);
  });
}

/** Megabytes or kilobytes, one decimal. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(0, Math.round(bytes / 1024))} KB`;
}
