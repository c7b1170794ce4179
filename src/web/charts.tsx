// Small charts drawn as inline SVG on the server: a story's coverage sparkline, its accounts per outlet on one time
// axis, and an entity's mentions per week. No script and no library; each comes with its words for screen readers.

import { monthNames } from '../calendar.js';
import type { Source, StoryAccount } from '../model.js';
import { formatDate, sourceHref } from './layout.js';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** A row of bars, one per equal slice of a story's time, tallest for the busiest slice. */
export function Sparkline({ counts }: { counts: number[] }) {
  const barWidth = 5;
  const gap = 1;
  const height = 20;
  const highest = Math.max(1, ...counts);
  const width = counts.length * (barWidth + gap) - gap;
  const label = `Accounts over time, first to latest: ${counts.join(', ')}`;
  return (
    <svg
      class="sparkline"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      focusable="false"
    >
      <title>{label}</title>
      <line class="baseline" x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} />
      {counts.map((count, index) => {
        if (count === 0) return null;
        const barHeight = Math.max(2, Math.round((count / highest) * height));
        return <rect x={index * (barWidth + gap)} y={height - barHeight} width={barWidth} height={barHeight} rx="1" />;
      })}
    </svg>
  );
}

/** "Nov 11" for an axis label, with the year only when the axis spans more than one; the full date as its datetime. */
function AxisDate({ value, withYear }: { value: string; withYear: boolean }) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const month = match ? monthNames[Number(match[2]) - 1] : undefined;
  if (!match || !month) return <span>{formatDate(value)}</span>;
  const text = `${month.slice(0, 3)} ${Number(match[3])}${withYear ? `, ${match[1]}` : ''}`;
  return (
    <time datetime={value} title={formatDate(value)}>
      {text}
    </time>
  );
}

/** Where a time falls between `start` and `end`, as a percentage of a row kept clear of its two edges. */
function position(time: string, start: number, end: number): string {
  const span = end - start;
  const fraction = span > 0 ? (Date.parse(time) - start) / span : 0.5;
  return `${(3 + 94 * Math.min(1, Math.max(0, fraction))).toFixed(2)}%`;
}

interface OutletRow {
  source: Source;
  accounts: StoryAccount[];
}

/** The accounts by outlet, each outlet in the order it first reported. */
function rowsOf(accounts: StoryAccount[]): OutletRow[] {
  const rows = new Map<string, OutletRow>();
  for (const account of accounts) {
    const row = rows.get(account.source.id) ?? { source: account.source, accounts: [] };
    row.accounts.push(account);
    rows.set(account.source.id, row);
  }
  return [...rows.values()];
}

/**
 * Who covered a story and when: a table with one row per outlet, its count, and a strip with a dot for each account
 * on a time axis shared by every row. The dates behind the dots are in the cell's text for screen readers.
 */
export function CoverageChart(props: { accounts: StoryAccount[]; firstSeen: string; lastSeen: string }) {
  const start = Date.parse(props.firstSeen);
  const end = Date.parse(props.lastSeen);
  const sameDay = formatDate(props.firstSeen) === formatDate(props.lastSeen);
  const withYear = props.firstSeen.slice(0, 4) !== props.lastSeen.slice(0, 4);
  return (
    <table class="coverage">
      <caption class="visually-hidden">Accounts over time, by outlet, in the order each first reported</caption>
      <thead>
        <tr>
          <th scope="col">Outlet</th>
          <th scope="col" class="coverage-count">
            Accounts
          </th>
          <th scope="col" class="coverage-when">
            When
          </th>
        </tr>
      </thead>
      <tbody>
        {rowsOf(props.accounts).map((row) => (
          <tr>
            <th scope="row">
              <a class="source" href={sourceHref(row.source.id)}>
                {row.source.name}
              </a>
            </th>
            <td class="coverage-count">{row.accounts.length}</td>
            <td class="coverage-when">
              <svg class="coverage-strip" width="100%" height="18" aria-hidden="true" focusable="false">
                <line x1="0" y1="9" x2="100%" y2="9" />
                {row.accounts.map((account) => (
                  <circle cx={position(account.sortAt, start, end)} cy="9" r="5" />
                ))}
              </svg>
              <span class="visually-hidden">{row.accounts.map((a) => formatDate(a.sortAt)).join('; ')}</span>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colspan={2} />
          <td class="coverage-when">
            <span class="coverage-axis">
              <AxisDate value={props.firstSeen} withYear={withYear} />
              {sameDay ? null : <AxisDate value={props.lastSeen} withYear={withYear} />}
            </span>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

const weekMs = 7 * 24 * 3600 * 1000;

/**
 * Every week up to the last with a mention, those without as zero: at least `least` weeks (so one busy week stands
 * among quiet ones rather than filling the chart), at most `most` (the latest).
 */
function fillWeeks(weekly: { week: string; mentions: number }[], least: number, most: number) {
  const first = weekly[0];
  const last = weekly.at(-1);
  if (!first || !last) return [];
  const counts = new Map(weekly.map((w) => [w.week, w.mentions]));
  const lastTime = Date.parse(`${last.week}T00:00:00Z`);
  const firstTime = Date.parse(`${first.week}T00:00:00Z`);
  const from = Math.max(Math.min(firstTime, lastTime - (least - 1) * weekMs), lastTime - (most - 1) * weekMs);
  const weeks: { week: string; mentions: number }[] = [];
  for (let time = from; time <= lastTime; time += weekMs) {
    const week = new Date(time).toISOString().slice(0, 10);
    weeks.push({ week, mentions: counts.get(week) ?? 0 });
  }
  return weeks;
}

/** Mentions per week as bars, with the same counts as a table for anyone who cannot see the bars. */
export function WeeklyChart({ weekly }: { weekly: { week: string; mentions: number }[] }) {
  const weeks = fillWeeks(weekly, 12, 104);
  if (weeks.length === 0) return null;
  const busiest = weeks.reduce((a, b) => (b.mentions > a.mentions ? b : a));
  const highest = Math.max(1, busiest.mentions);
  const height = 60;
  const shown = weekly.filter((w) => weeks[0] && w.week >= weeks[0].week);
  return (
    <figure class="weekly">
      <svg
        class="weekly-bars"
        viewBox={`0 0 ${weeks.length * 10} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height="96"
        aria-hidden="true"
        focusable="false"
      >
        {weeks.map((w, index) => {
          if (w.mentions === 0) return null;
          const barHeight = Math.max(2, (w.mentions / highest) * height);
          return <rect x={index * 10 + 1.5} y={height - barHeight} width="7" height={barHeight} />;
        })}
      </svg>
      <figcaption>
        <span class="weekly-axis">
          <span>week of {formatDate(weeks[0]!.week)}</span>
          {weeks.length > 1 ? <span>week of {formatDate(weeks.at(-1)!.week)}</span> : null}
        </span>
        <span>
          The busiest week, of {formatDate(busiest.week)}, had {plural(busiest.mentions, 'mention', 'mentions')}
          {weekly.length > 1 ? `; ${weekly.length} weeks had any` : ''}.
        </span>
      </figcaption>
      <details class="weekly-table">
        <summary>Mentions by week, as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Mentions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((w) => (
              <tr>
                <td>{formatDate(w.week)}</td>
                <td>{w.mentions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
