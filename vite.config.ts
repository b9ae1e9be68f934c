import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The renderer is served by Electron's app:// protocol or by the local HTTP bridge, never file://.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  resolve: {
    alias: {
      '@contract': fileURLToPath(new URL('./electron/contract', import.meta.url)),
      '@': fileURLToPath(new URL('./renderer/src', import.meta.url)),
    },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
