import { createRouter, createWebHashHistory } from 'vue-router';
import { views } from './views';

/**
 * Hash history: the renderer is served from app://griddesk/ in Electron and from the bridge's
 * root (with ?token=…) in a browser, so paths must never leave index.html.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    ...views.map(({ path, name, component }) => ({ path, name, component })),
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});
