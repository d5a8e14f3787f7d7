/**
 * Local time in a group's timezone, with Intl only. A slot is the group's local date (or ISO
 * week), so "one tip a day" means one per local day whatever the server's timezone.
 */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localParts(at: Date, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY[parts.weekday!]!,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-01`: the local date, the key of a daily slot. */
export function localDateKey(at: Date, tz: string): string {
  const l = localParts(at, tz);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}

/** `2026-W49`: the ISO week of the local date, the key of a weekly slot. */
export function isoWeekKey(at: Date, tz: string): string {
  const l = localParts(at, tz);
  return isoWeekOf(l.year, l.month, l.day);
}

export function isoWeekOf(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}

/**
 * The instant at which a group-local wall time occurs. In a DST gap it lands just after the
 * gap; China has no DST, but groups elsewhere may.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const l = localParts(new Date(guess), tz);
    const seen = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
    if (seen === wanted) break;
    guess += wanted - seen;
  }
  return new Date(guess);
}

/** Adds whole days to a local calendar date. */
export function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** A local time as people write it (`8:00`, `08:00`, `8：00`) in the HH:MM form the database keeps; undefined when it is no time. */
export function normalizeHhmm(text: string): string | undefined {
  const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
}

/** Whether `YYYY-MM-DD` names a real calendar date (not 2026-02-30 or 2026-13-45). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function parseHhmm(hhmm: string): { hour: number; minute: number } {
  const [h, m] = hhmm.split(':').map(Number);
  return { hour: h!, minute: m! };
}

/** Parses `2026-12-01 08:00` (or a date alone, meaning 00:00) as local time in `tz`. */
export function parseLocalDateTime(text: string, tz: string): Date | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59) return undefined;
  return zonedInstant(year!, month!, day!, hour!, minute!, tz);
}

/** `2026-12-01 08:00` in `tz`, for people. */
export function formatLocal(at: Date, tz: string): string {
  const l = localParts(at, tz);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}
