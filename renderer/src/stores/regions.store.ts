import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RegionLevel } from '@contract/common';
import type { RegionNode, RegionShape } from '@contract/regions';
import { regionsApi } from '@/api/regions';
import { useBusy } from '@/composables/useBusy';

export const REGION_LEVELS: readonly RegionLevel[] = ['district', 'street', 'community', 'grid'];

/** A region in the shape el-tree wants, children nested. */
export interface RegionTreeItem {
  id: number;
  label: string;
  level: RegionLevel;
  code: string;
  children?: RegionTreeItem[];
}

type ShapesByLevel = Record<RegionLevel, RegionShape[]>;

/** The region tree (district → street → community → grid), outlines per level, and the selection. */
export const useRegionsStore = defineStore('regions', () => {
  const nodes = shallowRef<RegionNode[]>([]);
  const shapes = shallowRef<ShapesByLevel>({ district: [], street: [], community: [], grid: [] });
  const selectedId = ref<number | null>(null);
  /** Bumped on every selection, even of the same region, so the map can zoom back to it. */
  const focusRequest = ref(0);
  const { busy: loading, error, run } = useBusy();

  const byId = computed(() => new Map(nodes.value.map((node) => [node.id, node])));
  const selected = computed(() => (selectedId.value === null ? null : byId.value.get(selectedId.value) ?? null));

  const tree = computed<RegionTreeItem[]>(() => {
    const items = new Map<number, RegionTreeItem>();
    const roots: RegionTreeItem[] = [];
    // The API lists parents before children, so every parent exists when its child arrives.
    for (const node of nodes.value) {
      const item: RegionTreeItem = { id: node.id, label: node.name, level: node.level, code: node.code };
      items.set(node.id, item);
      const parent = node.parentId === null ? undefined : items.get(node.parentId);
      if (parent) (parent.children ??= []).push(item);
      else roots.push(item);
    }
    return roots;
  });

  const countsByLevel = computed(() => {
    const counts: Record<RegionLevel, number> = { district: 0, street: 0, community: 0, grid: 0 };
    for (const node of nodes.value) counts[node.level]++;
    return counts;
  });

  async function load(): Promise<void> {
    await run(async () => {
      const [tree, ...levels] = await Promise.all([
        regionsApi.tree(),
        ...REGION_LEVELS.map((level) => regionsApi.shapes(level)),
      ]);
      nodes.value = tree as RegionNode[];
      shapes.value = Object.fromEntries(REGION_LEVELS.map((level, i) => [level, levels[i]])) as ShapesByLevel;
    });
  }

  function select(id: number | null): void {
    selectedId.value = id;
    focusRequest.value++;
  }

  /** The region and its parents, district first. */
  function pathOf(id: number): RegionNode[] {
    const path: RegionNode[] = [];
    for (let node = byId.value.get(id); node; node = node.parentId === null ? undefined : byId.value.get(node.parentId)) {
      path.unshift(node);
    }
    return path;
  }

  return { nodes, shapes, selectedId, focusRequest, selected, loading, error, byId, tree, countsByLevel, load, select, pathOf };
});
