import type { analyticsChannels } from '../../contract/analytics';
import type { DomainHandlers } from '../shared/handler';
import type { AnalyticsServices } from './analytics-services';
import type { CaseService } from '../cases/case.service';

/** What these handlers need of the open workspace's services. */
type AnalyticsHandlerServices = { analytics: AnalyticsServices; cases: Pick<CaseService, 'points'> };

/** The analytics channels: what each needs and the service call behind it. */
export const analyticsHandlers: DomainHandlers<typeof analyticsChannels, AnalyticsHandlerServices> = {
  'analytics:heat': {
    need: 'read_stats',
    run: ({ filter, caseFilter, bandwidthM, cellM, kernel }, { services }) => {
      const open = services();
      if (!caseFilter) return open.analytics.maps.heat(filter, bandwidthM, cellM, kernel);
      return open.analytics.maps.heatOfPoints(open.cases.points(caseFilter), caseFilter.regionId, bandwidthM, cellM, kernel);
    },
  },
  'analytics:choropleth': {
    need: 'read_stats',
    run: ({ filter, level, measure, classing, classes }, { services }) => services().analytics.maps.choropleth(filter, level, measure, classing, classes),
  },
  'analytics:temporal': {
    need: 'read_stats',
    run: ({ filter }, { services }) => services().analytics.maps.temporal(filter),
  },
  'analytics:hotspots': {
    need: 'read_stats',
    run: (input, { services }) => services().analytics.hotspots.hotspots(input),
  },
  'analytics:recurring': {
    need: 'read_stats',
    run: (input, { services }) => services().analytics.recurring.recurring(input),
  },
  'analytics:forecast': {
    need: 'read_stats',
    run: ({ month, categoryId, top }, { services }) => services().analytics.forecast.forecast(month, categoryId, top),
  },
  'analytics:topic-candidates': {
    need: 'read_stats',
    run: ({ limit }, { services }) => services().analytics.topics.candidates(limit),
  },
  'analytics:topics': {
    need: 'read_stats',
    run: (_input, { services }) => services().analytics.topics.list(),
  },
  'analytics:topic-adopt': {
    need: 'approve',
    run: (input, { services }) => services().analytics.topics.adopt(input),
  },
};
