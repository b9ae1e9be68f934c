import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * A horizontal splitter between two stacked panes: the lower pane's height in pixels, dragged
 * with the mouse, kept between `min` and the container height minus `minAbove`, remembered.
 */
export function useSplitter(
  container: Ref<HTMLElement | null>,
  options: { storageKey: string; initial: number; min: number; minAbove: number },
) {
  const stored = Number(localStorage.getItem(options.storageKey));
  const height = ref(Number.isFinite(stored) && stored >= options.min ? stored : options.initial);
  const dragging = ref(false);
  let startY = 0;
  let startHeight = 0;

  function clamp(value: number): number {
    const total = container.value?.clientHeight ?? Infinity;
    return Math.round(Math.max(options.min, Math.min(value, total - options.minAbove)));
  }

  function onMove(e: MouseEvent): void {
    height.value = clamp(startHeight + (startY - e.clientY));
  }

  function onUp(): void {
    dragging.value = false;
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    localStorage.setItem(options.storageKey, String(height.value));
  }

  function start(e: MouseEvent): void {
    e.preventDefault();
    dragging.value = true;
    startY = e.clientY;
    startHeight = height.value;
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  }

  onBeforeUnmount(onUp);
  return { height, dragging, start };
}
