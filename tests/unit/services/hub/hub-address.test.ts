import { describe, expect, it } from 'vitest';
import { hubKey, shownAddress, splitAddress, withPassword } from '../../../../electron/services/hub/hub-address';

describe('hub addresses', () => {
  it('keeps the password apart from the address, and puts it back only to connect', () => {
    const typed = splitAddress(' postgres://griddesk:p%40ss:w0rd@10.1.2.3:5432/griddesk_hub ');
    expect(typed).toEqual({ address: 'postgres://griddesk@10.1.2.3:5432/griddesk_hub', password: 'p@ss:w0rd' });
    const url = new URL(withPassword(typed.address, typed.password));
    expect(decodeURIComponent(url.password)).toBe('p@ss:w0rd');
    expect(shownAddress(typed.address, true)).toBe('postgres://griddesk:***@10.1.2.3:5432/griddesk_hub');
    expect(shownAddress(typed.address, false)).toBe(typed.address);
  });

  it('reads *** (an address copied from the screen) as no new password', () => {
    expect(splitAddress('postgres://griddesk:***@hub.example/griddesk_hub').password).toBe('');
  });

  it('names one hub by user, host, port and database, whatever the password', () => {
    expect(hubKey('postgres://griddesk@hub.example/griddesk_hub')).toBe('griddesk@hub.example:5432/griddesk_hub');
    expect(hubKey(splitAddress('postgresql://griddesk:x@hub.example:5432/griddesk_hub').address)).toBe('griddesk@hub.example:5432/griddesk_hub');
    expect(hubKey('postgres://griddesk@hub.example:6432/griddesk_hub')).not.toBe(hubKey('postgres://griddesk@hub.example/griddesk_hub'));
  });

  it('refuses what is not a PostgreSQL address, without echoing it', () => {
    for (const bad of ['hub.example:5432', 'mysql://u@h/db', 'secret-password', 'postgres://']) {
      expect(() => splitAddress(bad), bad).toThrow(/中心库地址应形如/);
    }
    // A password typed in the wrong field must not come back in the message.
    expect(() => splitAddress('s3cret-pw')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret-pw') }));
  });
});
