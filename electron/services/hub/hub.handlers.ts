import type { hubChannels } from '../../contract/hub';
import type { DomainHandlers } from '../shared/handler';
import type { HubLinkService } from './hub-link.service';
import type { HubCityRatesService } from './hub-city-rates.service';

/** What these handlers need of the open workspace's services. */
type HubHandlerServices = { hubLink: HubLinkService; hubCityRates: HubCityRatesService };

/**
 * The hub channels. Whether a hub is connected is everyone's to see (the rates view offers the
 * city's figures only then; the address never carries the password). Choosing the hub decides
 * where this desk's cases go and whose it takes in: the administrator's. Syncing now is the desk's
 * running work ('exchange': the roles that move cases between workstations). The city's three
 * rates name every street, beyond any one scope: 'read_city' (leader, analyst, administrator).
 */
export const hubHandlers: DomainHandlers<typeof hubChannels, HubHandlerServices> = {
  'hub:state': {
    need: 'read',
    run: (_input, { services }) => services().hubLink.state(),
  },
  'hub:saveSettings': {
    need: 'admin',
    run: (input, { services }) => services().hubLink.configure(input),
  },
  'hub:clearSettings': {
    need: 'admin',
    run: (_input, { services }) => services().hubLink.clear(),
  },
  'hub:test': {
    need: 'admin',
    run: ({ address, password }, { services }) => services().hubLink.test(address, password),
  },
  'hub:syncNow': {
    need: 'exchange',
    run: (_input, { services }) => services().hubLink.syncNow(),
  },
  'hub:cityRates': {
    need: 'read_city',
    run: ({ month }, { services }) => services().hubCityRates.cityRates(month),
  },
};
