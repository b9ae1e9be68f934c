import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** The live pixel height of an element (for virtualized lists that need a number). */
export function useElementHeight(element: Ref<HTMLElement | null>) {
  const height = ref(0);
  let observer: ResizeObserver | undefined;
  onMounted(() => {
    if (!element.value) return;
    observer = new ResizeObserver(([entry]) => {
      height.value = Math.floor(entry?.contentRect.height ?? 0);
    });
    observer.observe(element.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return height;
}
