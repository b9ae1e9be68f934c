import { describe, expect, it } from 'vitest';
import { ATTACHMENT_CSP, ATTACHMENT_PATH, attachmentHeaders, attachmentResponse } from '../../../../electron/services/attachments/attachment-response';

describe('attachmentHeaders', () => {
  it.each(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])('shows %s inline with its own type', (mime) => {
    const headers = attachmentHeaders(mime, '照片.jpg');
    expect(headers['Content-Type']).toBe(mime);
    expect(headers['Content-Disposition']).toBeUndefined();
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Security-Policy']).toBe("default-src 'none'; img-src 'self'; sandbox");
  });

  it.each(['image/svg+xml', 'text/html', 'text/plain', 'application/pdf', 'application/xhtml+xml', 'IMAGE/PNG', ''])(
    'serves %s as a download of opaque bytes, script-free',
    (mime) => {
      const headers = attachmentHeaders(mime, 'x.bin');
      expect(headers['Content-Type']).toBe('application/octet-stream');
      expect(headers['Content-Disposition']).toMatch(/^attachment; /);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['Content-Security-Policy']).toBe(ATTACHMENT_CSP);
    },
  );

  it('names the download in ASCII and, exactly, in UTF-8 (RFC 6266), with nothing that breaks out of the header', () => {
    expect(attachmentHeaders('application/pdf', '整改报告 (1).pdf')['Content-Disposition']).toBe(
      `attachment; filename="____ (1).pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%20%281%29.pdf`,
    );
    const nasty = attachmentHeaders('text/plain', 'a";\r\nSet-Cookie: x=1.txt')['Content-Disposition']!;
    expect(nasty).not.toMatch(/[\r\n]/);
    expect(nasty).toBe(`attachment; filename="a____Set-Cookie: x=1.txt"; filename*=UTF-8''a%22%3B%0D%0ASet-Cookie%3A%20x%3D1.txt`);
  });
});

describe('ATTACHMENT_PATH', () => {
  it('takes 64 lower-case hex digits and nothing else', () => {
    const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(ATTACHMENT_PATH.exec(`/attachments/${sha}`)?.[1]).toBe(sha);
    for (const bad of [`/attachments/${sha.toUpperCase()}`, `/attachments/${sha}/`, `/attachments/${sha}\n`, `/x/attachments/${sha}`, `/attachments/${sha.slice(2)}`]) {
      expect(ATTACHMENT_PATH.test(bad)).toBe(false);
    }
  });
});

describe('attachmentResponse (the app:// protocol answer)', () => {
  it('sends exactly the viewed bytes, not the whole buffer they arrived in, with the attachment headers', async () => {
    const whole = new Uint8Array([9, 9, 0x89, 0x50, 0x4e, 0x47, 9]);
    const res = attachmentResponse({ status: 200, data: whole.subarray(2, 6), mime: 'image/png', fileName: 'a.png' });
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-security-policy')).toBe(ATTACHMENT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a missing or malformed hash with its status, script-free too', async () => {
    for (const status of [404, 400] as const) {
      const res = attachmentResponse({ status, message: '没有附件' });
      expect(res.status).toBe(status);
      expect(await res.text()).toBe('没有附件');
      expect(res.headers.get('content-security-policy')).toBe(ATTACHMENT_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('makes an HTML file a download', () => {
    const res = attachmentResponse({ status: 200, data: new TextEncoder().encode('<script>alert(1)</script>'), mime: 'text/html', fileName: 'x.html' });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="x\.html"/);
  });
});
