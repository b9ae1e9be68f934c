/**
 * DOMAIN.md, personal data (PIPL): callers' names, phones, ID numbers and exact house addresses are
 * shown masked except to a role that may see them and a person who asks, with a reason, per case
 * and field. These are the masks; who may unmask lives with the roles, the log with the access log.
 */

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Resident ID (GB 11643, 18 characters): the region prefix and the last four stay, the birth date goes. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/**
 * An exact house address becomes the street it is on: numbers of houses, buildings, units and rooms
 * are starred, so that 东城区鼓楼路10号院3号楼2单元501 reads 东城区鼓楼路**号院*号楼*单元***.
 */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  return address.replace(/[0-9０-９]+/g, (digits) => '*'.repeat(digits.length));
}

// Digits not touching other digits, so ticket numbers and dates are not taken for phones.
const ID_NUMBER = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9Xx])/g;
const MOBILE = /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])/g;
const LANDLINE = /(?<![0-9])0[1-9][0-9]{1,2}-[0-9]{7,8}(?![0-9])/g;

// A house, building, unit or room number written in a sentence: 鼓楼路10号院3号楼2单元501室.
const HOUSE_NUMBER = /[0-9０-９]+(?=号|单元|室|栋|幢|层)/g;

/** Phone and ID numbers, and house numbers, written inside free text (descriptions, notes, callback remarks). */
export function maskFreeText(text: string | null): string | null {
  if (!text) return text;
  return text
    .replace(ID_NUMBER, (id) => maskIdNumber(id))
    .replace(HOUSE_NUMBER, (digits) => '*'.repeat(digits.length))
    .replace(MOBILE, (phone) => maskPhone(phone.replace(/[- ]/g, '').replace(/^\+?86/, '')) ?? phone)
    .replace(LANDLINE, (phone) => `${phone.slice(0, phone.indexOf('-') + 1)}****${phone.slice(-4)}`);
}
