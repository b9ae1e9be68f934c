import { createRouter, createWebHashHistory } from 'vue-router';
import { useAuthStore } from '@/stores/auth.store';
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

/** A view the signed-in role may not use goes to the main view (the services refuse its calls anyway). */
router.beforeEach((to) => {
  const needed = views.find((view) => view.name === to.name)?.permission;
  const auth = useAuthStore();
  if (needed && auth.session && !auth.can(needed)) return '/';
  return true;
});
