/**
 * Text that came from a user or a file (grid and street names, categories, notes), made safe to put
 * into HTML: Leaflet tooltips, popups and div icons take HTML strings.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
