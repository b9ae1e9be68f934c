import { z } from 'zod';
import { AnalyticsFilter, HeatRaster, MonthInfo } from './analytics';
import { Month } from './rates';

/**
 * The city's heat (全市热力, issue 14): the same kernel-density raster as the workstation's heat
 * panel, computed from the hub's cases (migration 007's cells) within the person's scope, so the
 * analytics view shows it in the same panel when the hub link is connected.
 */
export const HubHeat = HeatRaster.extend({
  /** The hub's months, each marked complete, partial (in progress or cut off) or without data: the panel's month picker. */
  months: z.array(MonthInfo),
  /** The one month asked for and its coverage; null for a range of months. */
  month: MonthInfo.nullable(),
  /** 'cases' when a source filter or a department's scope made the hub count the case rows (the aggregates keep neither). */
  from: z.enum(['aggregate', 'cases']),
  /** When the hub answered. */
  at: z.number(),
});
export type HubHeat = z.infer<typeof HubHeat>;

export const hubHeatChannels = {
  /** Kernel density of the hub's cases of the months (both included; all when absent) and the analytics filter. */
  'hub:heat': {
    input: z.object({
      filter: AnalyticsFilter.omit({ from: true, to: true }).default({}),
      fromMonth: Month.optional(),
      toMonth: Month.optional(),
      bandwidthM: z.number().min(20).max(5000).default(250),
      kernel: z.enum(['quartic', 'epanechnikov']).default('quartic'),
    }).strict(),
    output: HubHeat,
  },
} as const;
