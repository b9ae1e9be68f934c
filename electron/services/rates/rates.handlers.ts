import type { ratesChannels } from '../../contract/rates';
import type { DomainHandlers } from '../shared/handler';
import type { RatesService } from './rates.service';

/** What these handlers need of the open workspace's services. */
type RatesHandlerServices = { rates: RatesService; info(): { name: string } };

/** The rates channels: what each needs and the service call behind it. */
export const ratesHandlers: DomainHandlers<typeof ratesChannels, RatesHandlerServices> = {
  'rates:settings': {
    need: 'read_stats',
    run: (_input, { services }) => services().rates.settings(),
  },
  'rates:saveSettings': {
    need: 'settings',
    run: (settings, { services }) => services().rates.saveSettings(settings),
  },
  'rates:ranking': {
    need: 'read_stats',
    run: ({ month, level }, { services }) => services().rates.ranking(month, level),
  },
  'rates:cases': {
    need: 'read_stats',
    run: ({ month, level, unitId, measure, part }, { services }) => services().rates.drill(month, level, unitId, measure, part),
  },
  'rates:freeze': {
    need: 'approve',
    run: ({ month, level, allowPartial }, { services }) => services().rates.freeze(month, level, allowPartial),
  },
  'rates:exportXlsx': {
    need: 'export',
    run: ({ month, level, published }, { services }) => services().rates.exportXlsx(month, level, published, services().info().name),
  },
};
