// Calendar dates: the one reader of ISO 8601 dates, checked against the calendar. The store keeps only the dates it
// accepts, search's from:/to: take the same, and ingest checks the dates it reads with it.

/**
 * The years Readout keeps dates in. From 1600: printed news begins in the early 1600s, so an earlier year is a
 * slip (0000, 0206). To 2999: later than any date an article can name, and it keeps SQLite's search key (day ×
 * 2^32, see src/store/search/sqlite.ts) far inside JavaScript's exact integers, which run out in the 7700s. Four-digit
 * years also keep stored timestamps in an order that sorts as text.
 */
export const calendarYears = { first: 1600, last: 2999 } as const;

export const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month (1 to 12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A date read: the text as given, and the span of time it names in milliseconds since 1970 UTC. */
export interface CalendarDate {
  text: string;
  /** The first instant it names. */
  start: number;
  /** The first instant after it: the next day, month or year; a timestamp's own instant. */
  end: number;
}

/** Why a text is not a date: `form` when it is not written as one, the others when it is but names none. */
export interface DateProblem {
  problem: 'form' | 'year' | 'month' | 'day' | 'time';
  /** What is wrong, to follow the value in a message: "is not a date: February 2026 has days 01 to 28". */
  reason: string;
}

const dayMs = 86_400_000;
const pattern =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?)?)?$/;

/**
 * Reads an ISO 8601 date. `moment` (the default) takes a day (2026-11-03) or a timestamp (2026-11-03T16:15,
 * seconds, fraction and offset optional; without an offset, local time, as JavaScript reads it); `period` takes a
 * year, a month or a day (2026, 2026-11, 2026-11-03), as search's from:/to: do.
 */
export function readDate(text: string, kind: 'moment' | 'period' = 'moment'): CalendarDate | DateProblem {
  const m = pattern.exec(text);
  const [, y, mo, d, hour, minute, second, zoneHours, zoneMinutes] = m ?? [];
  if (!m || (kind === 'moment' ? d === undefined : hour !== undefined)) {
    return { problem: 'form', reason: 'is not an ISO 8601 date such as 2026-11-03' };
  }
  const year = Number(y);
  if (year < calendarYears.first || year > calendarYears.last) {
    return {
      problem: 'year',
      reason: `is outside the years ${calendarYears.first} to ${calendarYears.last} that Readout keeps dates in`,
    };
  }
  const month = mo === undefined ? null : Number(mo);
  if (month !== null && (month < 1 || month > 12)) {
    return { problem: 'month', reason: `has no month ${mo}; months run 01 to 12` };
  }
  const day = d === undefined ? null : Number(d);
  if (day !== null && month !== null) {
    const last = daysInMonth(year, month);
    if (day < 1 || day > last) {
      return { problem: 'day', reason: `is not a date: ${monthNames[month - 1]} ${year} has days 01 to ${last}` };
    }
  }
  if (hour !== undefined) {
    const parts = [hour, minute, second ?? '00', zoneHours ?? '00', zoneMinutes ?? '00'].map(Number);
    if (parts[0]! > 23 || parts[1]! > 59 || parts[2]! > 59 || parts[3]! > 23 || parts[4]! > 59) {
      return { problem: 'time', reason: 'is not a time of day: hours run 00 to 23, minutes and seconds 00 to 59' };
    }
    const instant = Date.parse(text);
    return { text, start: instant, end: instant };
  }
  const start = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  const end = day !== null ? start + dayMs : month !== null ? Date.UTC(year, month, 1) : Date.UTC(year + 1, 0, 1);
  return { text, start, end };
}

export function isDateProblem(reading: CalendarDate | DateProblem): reading is DateProblem {
  return 'problem' in reading;
}
