import { describe, expect, it } from 'vitest';
import { maskAddress, maskFreeText, maskIdNumber, maskName, maskPhone } from '../../../../electron/services/cases/personal-data';

describe('personal data masks', () => {
  it('masks names and phones as DOMAIN.md shows them', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskName(null)).toBeNull();
  });

  it('keeps the street of an address and stars every house, building and room number', () => {
    expect(maskAddress('东城区鼓楼路10号院3号楼2单元501')).toBe('东城区鼓楼路**号院*号楼*单元***');
    expect(maskAddress('东四北大街')).toBe('东四北大街');
  });

  it('masks a resident ID number keeping its region prefix and last four', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('1101**********123X');
  });

  it.each([
    ['市民来电，电话13812345678，反映噪音', '市民来电，电话138****5678，反映噪音'],
    ['请联系 +86 139-1234-5678 王女士', '请联系 139****5678 王女士'],
    ['身份证号11010119900307123X，要求核实', '身份证号1101**********123X，要求核实'],
    ['物业电话010-65123456无人接听', '物业电话010-****3456无人接听'],
    ['市民反映东晓市东街45号院3号楼2单元门口积水', '市民反映东晓市东街**号院*号楼*单元门口积水'],
  ])('masks phone and ID numbers inside free text: %s', (text, masked) => {
    expect(maskFreeText(text)).toBe(masked);
  });

  it.each([
    '12345工单261030000705转派',
    '2026-10-30 17:32 受理，限期3天',
    '共计138123456789户（不是手机号）',
  ])('leaves ticket numbers, dates and longer digit runs alone: %s', (text) => {
    expect(maskFreeText(text)).toBe(text);
  });
});
