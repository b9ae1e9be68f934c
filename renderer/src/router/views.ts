import type { RouteComponent } from 'vue-router';

/**
 * The app's top-level views, in the order the header's navigation shows them. A feature area adds
 * its view here (one entry), with the label's key in its own i18n namespace.
 */
export interface AppView {
  path: string;
  name: string;
  /** i18n key of the label in the header's navigation. */
  labelKey: string;
  component: () => Promise<RouteComponent>;
  /** The role-table permission the view needs (auth.store); without it the view is not offered. */
  permission?: string;
}

export const views: AppView[] = [
  { path: '/', name: 'main', labelKey: 'nav.main', component: () => import('@/views/MainView.vue') },
  { path: '/analytics', name: 'analytics', labelKey: 'analytics.nav', permission: 'read_stats', component: () => import('@/views/AnalyticsView.vue') },
  { path: '/grids', name: 'grids', labelKey: 'grids.nav', component: () => import('@/views/GridsView.vue') },
  { path: '/boards', name: 'boards', labelKey: 'boards.nav', component: () => import('@/views/WorkflowBoardView.vue') },
  { path: '/rankings', name: 'rankings', labelKey: 'rates.nav', permission: 'read_stats', component: () => import('@/views/RankingView.vue') },
  { path: '/import', name: 'import', labelKey: 'imports.nav', permission: 'import', component: () => import('@/views/ImportView.vue') },
  // ── feature areas insert their views above this line ──
];
