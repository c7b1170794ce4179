// Numbers as news copy writes them ("14", "120, 000", "6. 1", "five", "2.5 million", "about 100", "more than
// 26,000"), read into a value with how exact it is, and the rule for when two of them can both be true.
export interface Amount {
  value: number;
  /** exact; about (≈); at least (≥); at most (≤). */
  bound: 'exact' | 'about' | 'atLeast' | 'atMost';
  /** What is measured ("length", "time", "mass", "money:$"), the value in its base unit (metres, seconds, kg). */
  unit: string | null;
  /** The unit as written ("ft", "metres"): two accounts in two units have rounded one of them. */
  written: string | null;
}

const words: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
};

/** A number word or figure as a value ("120, 000" and "6. 1" are the tokeniser's spacing of 120,000 and 6.1). */
export function figure(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower in words) return words[lower]!;
  const digits = text.replace(/,\s?(?=\d{3}\b)/g, '').replace(/(\d)\.\s(\d)/g, '$1.$2');
  if (!/^\d+(?:\.\d+)?$/.test(digits)) return null;
  return Number(digits);
}

export const scales: Record<string, number> = { thousand: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

export const units: Record<string, [string, number]> = {
  m: ['length', 1],
  metre: ['length', 1],
  metres: ['length', 1],
  meter: ['length', 1],
  meters: ['length', 1],
  km: ['length', 1000],
  kilometre: ['length', 1000],
  kilometres: ['length', 1000],
  kilometer: ['length', 1000],
  kilometers: ['length', 1000],
  mile: ['length', 1609],
  miles: ['length', 1609],
  ft: ['length', 0.3048],
  feet: ['length', 0.3048],
  foot: ['length', 0.3048],
  yards: ['length', 0.9144],
  seconds: ['time', 1],
  second: ['time', 1],
  minutes: ['time', 60],
  minute: ['time', 60],
  hours: ['time', 3600],
  hour: ['time', 3600],
  kg: ['mass', 1],
  kilograms: ['mass', 1],
  pounds: ['mass', 0.4536],
  lb: ['mass', 0.4536],
  tonnes: ['mass', 1000],
  tons: ['mass', 907],
};

/** Whether two amounts of one detail can both be true: rounding, "about", bounds and units allowed for. */
export function compatible(a: Amount, b: Amount): boolean {
  // Different kinds of amount say nothing about each other.
  if (a.unit !== b.unit) return true;
  const [x, y] = [a.value, b.value];
  if (x === y) return true;
  // Times of day, in minutes after midnight: "about 11:55 p.m." fits "12:05 a.m.", ten minutes either way.
  if (a.unit === 'clock') {
    const apart = Math.min(Math.abs(x - y), 1440 - Math.abs(x - y));
    return (a.bound === 'about' || b.bound === 'about') && apart <= 10;
  }
  const converted = a.written !== b.written;
  // A converted unit ("200 ft" / "60 m") is as good as its rounding, within 10%; an "about" within 5% ("about 100"
  // and 97 agree, "about $4.6 million" and "$4.2 million" do not).
  const apart = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
  if (converted && apart <= 0.1) return true;
  if ((a.bound === 'about' || b.bound === 'about') && apart <= 0.05) return true;
  if (a.bound === 'atLeast' && y >= x) return true;
  if (b.bound === 'atLeast' && x >= y) return true;
  if (a.bound === 'atMost' && y <= x) return true;
  if (b.bound === 'atMost' && x <= y) return true;
  if (a.bound === 'atLeast' && b.bound === 'atLeast') return true;
  if (a.bound === 'atMost' && b.bound === 'atMost') return true;
  return false;
}
