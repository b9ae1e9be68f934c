import type {
  AnalyticsFilter, Choropleth, Forecast, HeatRaster, Hotspots, Recurring, Temporal, Topic, TopicCandidate,
} from '@contract/analytics';
import type { CaseFilter } from '@contract/cases';
import type { Input } from '@contract/index';
import { invoke } from './transport';

export const analyticsApi = {
  heat: (filter: AnalyticsFilter, bandwidthM: number): Promise<HeatRaster> => invoke('analytics:heat', { filter, bandwidthM }),
  /** The heat of the cases the case list's filter selects (the main map). */
  heatOfCases: (caseFilter: CaseFilter, bandwidthM: number): Promise<HeatRaster> => invoke('analytics:heat', { caseFilter, bandwidthM }),
  choropleth: (input: Input<'analytics:choropleth'>): Promise<Choropleth> => invoke('analytics:choropleth', input),
  temporal: (filter: AnalyticsFilter): Promise<Temporal> => invoke('analytics:temporal', { filter }),
  hotspots: (input: Input<'analytics:hotspots'>): Promise<Hotspots> => invoke('analytics:hotspots', input),
  recurring: (input: Input<'analytics:recurring'>): Promise<Recurring> => invoke('analytics:recurring', input),
  forecast: (input: Input<'analytics:forecast'>): Promise<Forecast> => invoke('analytics:forecast', input),
  topicCandidates: (): Promise<TopicCandidate[]> => invoke('analytics:topic-candidates', {}),
  topics: (): Promise<Topic[]> => invoke('analytics:topics', {}),
  adoptTopic: (input: Input<'analytics:topic-adopt'>): Promise<Topic> => invoke('analytics:topic-adopt', input),
};
