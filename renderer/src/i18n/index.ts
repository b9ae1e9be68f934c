import { createI18n } from 'vue-i18n';
import { en } from './en';
import { zhCN, type MessageSchema } from './zh-CN';

export type AppLocale = 'zh-CN' | 'en';
export const LOCALES: readonly AppLocale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'griddesk.locale';

function storedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LOCALES.includes(value as AppLocale) ? (value as AppLocale) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the UI language and remembers it for the next start. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this session only.
  }
}

export function currentLocale(): AppLocale {
  return i18n.global.locale.value;
}
