/**
 * UI strings live beside the feature that uses them, each as a zh-CN dictionary and an English
 * one with the same keys (the compiler checks that). `{name}` placeholders are filled in.
 */
export type Locale = 'zh-CN' | 'en';

export type Params = Record<string, string | number>;

export type Messages<K extends string> = { 'zh-CN': Record<K, string>; en: Record<K, string> };

export type Translate<K extends string> = (locale: Locale, key: K, params?: Params) => string;

export function defineMessages<K extends string>(messages: Messages<K>): Translate<K> {
  return (locale, key, params) => fill(messages[locale][key] ?? messages['zh-CN'][key], params);
}

export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A member's client language → our locale; Chinese unless the client says English. */
export function localeFromLanguage(code: string | undefined, fallback: Locale): Locale {
  if (!code) return fallback;
  return code.toLowerCase().startsWith('en') ? 'en' : code.toLowerCase().startsWith('zh') ? 'zh-CN' : fallback;
}

/** A text in both languages, as content files and command menus carry it. */
export interface Localized {
  zh: string;
  en: string;
}

export function localized(l: Localized, locale: Locale): string {
  return locale === 'en' ? l.en : l.zh;
}
