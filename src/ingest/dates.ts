// Dates as people write them in clippings ("Nov. 3, 2026", "3 November 2026, 4:15 p.m. EST") to ISO 8601.
import { isDateProblem, readDate } from '../calendar.js';

/** Month numbers by the abbreviations news sites and feeds write. */
export const months: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** UTC offsets of the zone abbreviations that news sites and feeds write after a time. */
export const zoneOffsets: Record<string, string> = {
  ut: '+00:00',
  utc: '+00:00',
  gmt: '+00:00',
  z: '+00:00',
  est: '-05:00',
  edt: '-04:00',
  cst: '-06:00',
  cdt: '-05:00',
  mst: '-07:00',
  mdt: '-06:00',
  pst: '-08:00',
  pdt: '-07:00',
  bst: '+01:00',
  cet: '+01:00',
  cest: '+02:00',
};

const monthName =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const day = '(\\d{1,2})(?:st|nd|rd|th)?';
const weekday = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const time = '(?:[,\\s]+(?:at\\s+)?(\\d{1,2})[:.](\\d{2})\\s*([ap])\\.?m\\.?)?(?:\\s*\\(?([a-z]{1,4})\\)?)?';
const prefix = '^(?:(?:published|updated|posted|last updated|first published|date)\\s*(?:on)?\\s*[:|-]?\\s*)?';

const monthFirst = new RegExp(`${prefix}${weekday}${monthName}\\s+${day},?\\s+(\\d{4})${time}\\s*$`, 'i');
const dayFirst = new RegExp(`${prefix}${weekday}${day}\\s+${monthName},?\\s+(\\d{4})${time}\\s*$`, 'i');
const numeric = new RegExp(`${prefix}(\\d{1,2})/(\\d{1,2})/(\\d{4})\\s*$`, 'i');
const iso = new RegExp(
  `${prefix}(\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?)\\s*$`,
  'i',
);

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO form of a date as written; whether the calendar has it is readLooseDate's question. */
function build(y: number, m: number, d: number, h?: string, min?: string, ampm?: string, zone?: string): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
  const offset = zone ? zoneOffsets[zone.toLowerCase()] : undefined;
  if (h === undefined || min === undefined || !ampm || !offset) return date;
  let hour = Number(h) % 12;
  if (ampm.toLowerCase() === 'p') hour += 12;
  if (Number(min) > 59) return date;
  return `${date}T${pad(hour)}:${min}:00${offset}`;
}

function monthNumber(name: string): number {
  return (
    months[
      name
        .toLowerCase()
        .replace('.', '')
        .slice(0, name.toLowerCase().startsWith('sept') ? 4 : 3)
    ] ?? 0
  );
}

/**
 * A line that is only a date (with an optional "Published"/"Updated" prefix, weekday, and time with a zone) in
 * its ISO 8601 form as written, and whether the calendar has that date (src/calendar.ts: not February 30, not
 * year 0000); null when the line is no date. A date without a known time zone stays a date: a guessed zone would lie.
 */
export function readLooseDate(line: string): { iso: string; real: boolean } | null {
  const iso = looseDateText(line);
  if (iso === null) return null;
  const reading = readDate(iso);
  if (isDateProblem(reading) && reading.problem === 'form') return null;
  return { iso, real: !isDateProblem(reading) };
}

/** The ISO 8601 form of a line that is only a date the calendar has, or null. */
export function parseLooseDate(line: string): string | null {
  const date = readLooseDate(line);
  return date?.real ? date.iso : null;
}

function looseDateText(line: string): string | null {
  const text = line.trim().replace(/\s+/g, ' ');
  if (text.length > 80) return null;
  let m = iso.exec(text);
  if (m?.[1]) return m[1].replace(' ', 'T').toUpperCase();
  m = monthFirst.exec(text);
  if (m) return build(Number(m[3]), monthNumber(m[1]!), Number(m[2]), m[4], m[5], m[6], m[7]);
  m = dayFirst.exec(text);
  if (m) return build(Number(m[3]), monthNumber(m[2]!), Number(m[1]), m[4], m[5], m[6], m[7]);
  m = numeric.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Month first, as US clipping sites write it, unless the first number cannot be a month.
    return a > 12 ? build(Number(m[3]), b, a) : build(Number(m[3]), a, b);
  }
  return null;
}
