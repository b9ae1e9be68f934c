import type { Scope } from '../auth/scope';
import type { DurableDatabase } from '../db/durable-database';
import { AnalyticsContext } from './analytics-context';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { ForecastService } from './forecast.service';
import { HotspotService } from './hotspot.service';
import { RecurringService } from './recurring.service';
import { TopicService } from './topic.service';

/** The analytics area's services of one open workspace, sharing one cache of case columns. */
export class AnalyticsServices {
  readonly context: AnalyticsContext;
  readonly maps: AnalyticsService;
  readonly hotspots: HotspotService;
  readonly recurring: RecurringService;
  readonly forecast: ForecastService;
  readonly topics: TopicService;

  constructor(db: DurableDatabase, clock: () => number = Date.now, personScope?: () => Scope) {
    this.context = new AnalyticsContext(new AnalyticsRepository(db), { clock, personScope });
    this.maps = new AnalyticsService(this.context);
    this.hotspots = new HotspotService(this.context);
    this.recurring = new RecurringService(this.context);
    this.forecast = new ForecastService(this.context, clock);
    this.topics = new TopicService(this.context, this.recurring, clock);
  }
}
