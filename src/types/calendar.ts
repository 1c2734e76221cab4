/**
 * The proleptic Gregorian calendar (Spark 3's, java.time's) in integer arithmetic, for every year.
 * JavaScript's Date.UTC maps the years 0-99 to 1900-1999 and so cannot build 0015-03-18; these
 * helpers replace it wherever a date or timestamp is built from its fields.
 */

/** Days since 1970-01-01 of year-month-day (month 1-12; day 1-31, not checked). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Date.UTC for any year: month0 0-11 (overflow carries into the year, as Date.UTC's does), day
 * and the time fields may overflow too.
 */
export function utcMs(year: number, month0: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  return (daysFromCivil(y, m + 1, 1) + day - 1) * 86400000 + h * 3600000 + mi * 60000 + s * 1000 + ms;
}
