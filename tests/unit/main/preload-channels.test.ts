import { describe, expect, it } from 'vitest';
import { channelNames } from '../../../electron/contract';
import { ALLOWED_CHANNELS } from '../../../electron/contract/channel-names';

describe('preload allow-list', () => {
  it('lists exactly the contract channels', () => {
    expect([...ALLOWED_CHANNELS].sort()).toEqual([...channelNames].sort());
  });
});
