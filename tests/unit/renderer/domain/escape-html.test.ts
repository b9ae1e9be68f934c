import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../../renderer/src/domain/escape-html';

describe('escapeHtml', () => {
  it('makes a hostile street-line name inert text for a Leaflet tooltip', () => {
    const name = '<img src=x onerror="alert(1)">清水胡同 & \'东段\'';
    const html = escapeHtml(name);
    expect(html).not.toMatch(/[<>"']/);
    const box = { text: html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))) };
    expect(box.text).toBe(name);
  });
});
