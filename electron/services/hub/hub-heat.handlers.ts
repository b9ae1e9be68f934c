import type { hubHeatChannels } from '../../contract/hub-heat';
import type { DomainHandlers } from '../shared/handler';
import type { HubHeatService } from './hub-heat.service';

/** What these handlers need of the open workspace's services. */
type HubHeatHandlerServices = { hubHeat: HubHeatService };

/**
 * The hub's heat: statistics as the workstation's own heat panel ('read_stats'), within the
 * person's region scope (the service limits it), so a street's analyst sees the street's cases
 * from every desk and a city leader the city.
 */
export const hubHeatHandlers: DomainHandlers<typeof hubHeatChannels, HubHeatHandlerServices> = {
  'hub:heat': { need: 'read_stats', run: (input, { services }) => services().hubHeat.heat(input) },
};
