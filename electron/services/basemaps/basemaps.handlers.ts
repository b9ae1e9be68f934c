import type { basemapChannels } from '../../contract/basemaps';
import type { DomainHandlers } from '../shared/handler';
import type { BasemapService } from './basemap.service';

/** What these handlers need of the open workspace's services. */
type BasemapHandlerServices = { basemaps: BasemapService };

/** The basemaps channels: what each needs and the service call behind it. */
export const basemapsHandlers: DomainHandlers<typeof basemapChannels, BasemapHandlerServices> = {
  'basemaps:list': {
    need: 'signed_in',
    run: (_input, { services }) => services().basemaps.list(),
  },
  'basemaps:presets': {
    need: 'signed_in',
    run: (_input, { services }) => services().basemaps.presets(),
  },
  'basemaps:saveOnline': {
    need: 'settings',
    run: (input, { services }) => services().basemaps.saveOnline(input),
  },
  'basemaps:remove': {
    need: 'settings',
    run: ({ id }, { services }) => services().basemaps.remove(id),
  },
  'basemaps:importArchive': {
    need: 'settings',
    run: ({ fileName, dataBase64 }, { services }) => services().basemaps.importArchive({ fileName, bytes: Buffer.from(dataBase64, 'base64') }),
  },
  'basemaps:offlineEstimate': {
    need: 'settings',
    run: (area, { services }) => services().basemaps.downloads.estimate(area),
  },
  'basemaps:offlineStart': {
    need: 'settings',
    run: (area, { services }) => services().basemaps.downloads.start(area),
  },
  'basemaps:offlineJobs': {
    need: 'settings',
    run: (_input, { services }) => services().basemaps.downloads.list(),
  },
  'basemaps:offlineCancel': {
    need: 'settings',
    run: ({ jobId }, { services }) => services().basemaps.downloads.cancel(jobId),
  },
  'basemaps:offlineResume': {
    need: 'settings',
    run: ({ jobId }, { services }) => services().basemaps.downloads.resume(jobId),
  },
};
