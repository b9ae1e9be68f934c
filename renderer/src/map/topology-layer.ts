import L from 'leaflet';
import type { RegionShape } from '@contract/regions';
import type { TopologyProblem } from '@contract/grids';
import { geometryLatLngs } from './region-layer';

const KIND_COLOR: Record<TopologyProblem['kind'], string> = {
  self_intersection: '#c41d7f',
  overlap: '#d4380d',
  gap: '#0958d9',
  outside_parent: '#d48806',
};

/**
 * Topology problems on the map: the offending regions outlined in the problem's colour, the
 * problem area (overlap, gap) as a box and its point as a ring. Paths carry `gd-topology` classes.
 */
export function topologyLayer(problems: TopologyProblem[], shapesById: Map<number, RegionShape>, focused: number | null): L.LayerGroup {
  const group = L.layerGroup([], { pane: 'gdHighlight' });
  const outlined = new Set<number>();
  problems.forEach((problem, index) => {
    const color = KIND_COLOR[problem.kind];
    const strong = index === focused;
    // The parent of a gap stays unoutlined: the gap box says where.
    const ids = problem.kind === 'gap' ? [] : problem.kind === 'outside_parent' ? problem.regionIds.slice(0, 1) : problem.regionIds;
    for (const id of ids) {
      const shape = shapesById.get(id);
      const latLngs = shape && geometryLatLngs(shape.geometry);
      if (!latLngs || (outlined.has(id) && !strong)) continue;
      outlined.add(id);
      group.addLayer(L.polygon(latLngs, {
        pane: 'gdHighlight', color, weight: strong ? 4 : 2.5, fillColor: color, fillOpacity: strong ? 0.25 : 0.12,
        interactive: false, className: `gd-topology gd-topology--${problem.kind}`,
      }));
    }
    if (problem.bbox && problem.kind !== 'outside_parent') {
      const [w, s, e, n] = problem.bbox;
      group.addLayer(L.rectangle([[s, w], [n, e]], {
        pane: 'gdHighlight', color, weight: strong ? 3 : 1.5, dashArray: '4 3', fillOpacity: 0.2, interactive: false,
        className: `gd-topology-area gd-topology-area--${problem.kind}`,
      }));
    }
    group.addLayer(L.circleMarker([problem.at[1], problem.at[0]], {
      pane: 'gdHighlight', radius: strong ? 9 : 6, color, weight: 2.5, fillColor: '#fff', fillOpacity: 0.9, interactive: false,
      className: `gd-topology-point gd-topology-point--${problem.kind}`,
    }));
  });
  return group;
}
