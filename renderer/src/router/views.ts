import type { RouteComponent } from 'vue-router';

/**
 * The app's top-level views, in the order the header's navigation shows them. A feature area adds
 * its view here (one entry) and its label under `nav.<name>` in the i18n messages.
 */
export interface AppView {
  path: string;
  name: string;
  component: () => Promise<RouteComponent>;
}

export const views: AppView[] = [{ path: '/', name: 'main', component: () => import('@/views/MainView.vue') }];
