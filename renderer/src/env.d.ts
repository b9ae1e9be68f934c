/// <reference types="vite/client" />
import type { GridDeskApi } from '@contract/index';

declare global {
  interface Window {
    /** Exposed by Electron's preload; absent when the renderer runs in a browser over the HTTP bridge. */
    api?: GridDeskApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

export {};
