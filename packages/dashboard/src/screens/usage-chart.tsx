// The daily usage chart: inline SVG bars, with the same numbers as a table for screen readers.

export interface DailyUsage {
  day: string;
  calls: number;
  totalTokens: number;
}

/** The last `days` days ending today (UTC), with zero for days without usage. */
export function fillDays(daily: readonly DailyUsage[], days: number, today = new Date()): DailyUsage[] {
  const byDay = new Map(daily.map((entry) => [entry.day.slice(0, 10), entry]));
  return Array.from({ length: days }, (_, index) => {
    const date = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1 - index)),
    );
    const day = date.toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, calls: 0, totalTokens: 0 };
  });
}

export function UsageChart({ daily }: { daily: DailyUsage[] }) {
  const width = 600;
  const height = 160;
  const most = Math.max(1, ...daily.map((entry) => entry.totalTokens));
  const slot = width / Math.max(1, daily.length);
  const total = daily.reduce((sum, entry) => sum + entry.totalTokens, 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-labelledby="usage-chart-title">
        <title id="usage-chart-title">
          Tokens per day over the last {daily.length} days: {total.toLocaleString('en-GB')} in all, at most{' '}
          {most.toLocaleString('en-GB')} on one day.
        </title>
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        {daily.map((entry, index) => {
          const barHeight = (entry.totalTokens / most) * (height - 10);
          return (
            <rect
              key={entry.day}
              x={index * slot + slot * 0.15}
              y={height - barHeight}
              width={slot * 0.7}
              height={barHeight}
              class="bar"
            />
          );
        })}
        <text x="0" y={height + 16} class="label">
          {daily[0]?.day}
        </text>
        <text x={width} y={height + 16} class="label" text-anchor="end">
          {daily[daily.length - 1]?.day}
        </text>
      </svg>
      <figcaption>
        <details>
          <summary>Usage per day as a table</summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Tokens</th>
                </tr>
              </thead>
              <tbody>
                {daily
                  .filter((entry) => entry.calls > 0)
                  .map((entry) => (
                    <tr key={entry.day}>
                      <td>{entry.day}</td>
                      <td>{entry.calls}</td>
                      <td>{entry.totalTokens.toLocaleString('en-GB')}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
