/** Spark UI's text formats (UIUtils): dates, verbose durations; and HTML escaping. */

/** UIUtils.formatDate: `yyyy/MM/dd HH:mm:ss` in local time. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** UIUtils.formatDurationVerbose: `29 seconds 893 ms`, `1 minute 2 seconds`, `0 ms`. */
export function formatDurationVerbose(ms: number): string {
  ms = Math.max(0, Math.floor(ms));
  const second = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour, week = 7 * day, year = 365 * day;
  const unit = (n: number, u: string) => (n === 0 ? "" : n === 1 ? `${n} ${u}` : `${n} ${u}s`);
  const msStr = ms >= second && ms % second === 0 ? "" : `${ms % second} ms`;
  const secStr = unit(Math.floor((ms % minute) / second), "second");
  const minStr = unit(Math.floor((ms % hour) / minute), "minute");
  const hourStr = unit(Math.floor((ms % day) / hour), "hour");
  const dayStr = unit(Math.floor((ms % week) / day), "day");
  const weekStr = unit(Math.floor((ms % year) / week), "week");
  const yearStr = unit(Math.floor(ms / year), "year");
  const limits: Array<[number, string]> = [
    [second, msStr],
    [minute, `${secStr} ${msStr}`],
    [hour, `${minStr} ${secStr}`],
    [day, `${hourStr} ${minStr} ${secStr}`],
    [week, `${dayStr} ${hourStr} ${minStr}`],
    [year, `${weekStr} ${dayStr} ${hourStr}`],
  ];
  for (const [limit, text] of limits) if (ms < limit) return text.trim();
  return `${yearStr} ${weekStr} ${dayStr}`.trim();
}

export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
