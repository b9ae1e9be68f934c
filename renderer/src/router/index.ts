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
    // Reached from the person menu, not the navigation: a desk exchanges files a few times a day.
    { path: '/exchange', name: 'exchange', component: () => import('@/views/ExchangeView.vue'), meta: { permission: 'exchange' } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

/** A view the signed-in role may not use goes to the main view (the services refuse its calls anyway). */
router.beforeEach((to) => {
  const needed = views.find((view) => view.name === to.name)?.permission ?? (to.meta.permission as string | undefined);
  const auth = useAuthStore();
  if (needed && auth.session && !auth.can(needed)) return '/';
  return true;
});
