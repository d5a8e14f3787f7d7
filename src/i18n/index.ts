/**
 * UI strings live beside the feature that uses them, each as a zh-CN dictionary and an English
 * one with the same keys (the compiler checks that). `{name}` placeholders are filled in.
 */
export type Locale = 'zh-CN' | 'en';

export type Params = Record<string, string | number>;

export type Messages<K extends string> = { 'zh-CN': Record<K, string>; en: Record<K, string> };

export type Translate<K extends string> = (locale: Locale, key: K, params?: Params) => string;

export function defineMessages<K extends string>(messages: Messages<K>): Translate<K> {
  // Split once here rather than on every call: a broadcast fills the same template thousands of times.
  const compiled = (dictionary: Record<K, string>) =>
    Object.fromEntries(Object.entries<string>(dictionary).map(([key, template]) => [key, compile(template)])) as Record<K, Template>;
  const templates = { 'zh-CN': compiled(messages['zh-CN']), en: compiled(messages.en) };
  return (locale, key, params) => fillTemplate(templates[locale][key] ?? templates['zh-CN'][key], params);
}

/** A template split at its `{name}` placeholders: text at even indices, names at odd ones. */
type Template = readonly string[];

function compile(template: string): Template {
  return template.split(/\{(\w+)\}/);
}

function fillTemplate(parts: Template, params?: Params): string {
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (params && name in params ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
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
