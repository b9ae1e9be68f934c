import { createRouter, createWebHashHistory } from 'vue-router';

/**
 * Hash history: the renderer is served from app://griddesk/ in Electron and from the bridge's
 * root (with ?token=…) in a browser, so paths must never leave index.html.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'main', component: () => import('@/views/MainView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});
