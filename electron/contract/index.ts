import type { z } from 'zod';
import { basemapChannels } from './basemaps';
import { casesChannels } from './cases';
import { directoryChannels } from './directory';
import { regionChannels } from './regions';
import { workspaceChannels } from './workspace';
import { workflowChannels } from './workflow';
import { gridChannels } from './grids';
import { importChannels } from './import';
import { exportChannels } from './export';
import { ratesChannels } from './rates';
import { analyticsChannels } from './analytics';
import { searchChannels } from './search';
import { attachmentChannels } from './attachments';
import { streetChannels } from './streets';
import { authChannels } from './auth';
import { exchangeChannels } from './exchange';
import { syncChannels } from './sync';
import { hubChannels } from './hub';
import { archiveChannels } from './archive';
import { hubCaseChannels } from './hub-cases';
import { hubHeatChannels } from './hub-heat';
// ── feature areas insert their channel imports above this line ──

export * from './common';
export * from './workspace';
export * from './regions';
export * from './directory';
export * from './cases';
export * from './case-points';
export * from './basemaps';
export * from './workflow';
export * from './grids';
export * from './import';
export * from './export';
export * from './rates';
export * from './analytics';
export * from './search';
export * from './attachments';
export * from './streets';
export * from './auth';
export * from './sync';
export * from './exchange';
export * from './hub';
export * from './archive';
export * from './hub-cases';
export * from './hub-heat';
// ── feature areas insert their exports above this line ──

/**
 * The whole contract between the renderer and the services: channel name → input and output
 * schemas. Channels are named `domain:action`. Main (IPC) and the HTTP bridge validate every input
 * against these schemas before a service sees it.
 */
export const channels = {
  ...workspaceChannels,
  ...regionChannels,
  ...directoryChannels,
  ...casesChannels,
  ...basemapChannels,
  ...workflowChannels,
  ...gridChannels,
  ...importChannels,
  ...exportChannels,
  ...ratesChannels,
  ...analyticsChannels,
  ...searchChannels,
  ...attachmentChannels,
  ...streetChannels,
  ...authChannels,
  ...exchangeChannels,
  ...syncChannels,
  ...hubChannels,
  ...archiveChannels,
  ...hubCaseChannels,
  ...hubHeatChannels,
  // ── feature areas insert their channel maps above this line ──
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller may pass (defaults applied by the schema are optional). */
export type Input<C extends Channel> = z.input<Channels[C]['input']>;
/** What a service receives, after validation and defaults. */
export type ParsedInput<C extends Channel> = z.output<Channels[C]['input']>;
export type Output<C extends Channel> = z.output<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/** The object the preload exposes as `window.api`. */
export interface GridDeskApi {
  invoke<C extends Channel>(channel: C, input: Input<C>): Promise<import('./common').ApiResult<Output<C>>>;
}
