/**
 * Dates and timestamps over the whole proleptic Gregorian range Spark 3 supports
 * (0001-01-01..9999-12-31): every day parses, prints and steps as java.time's calendar does.
 * The expected text comes from a year/month/day counter of our own, not from the code under test.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { formatDate, formatTimestamp, parseDate, parseTimestamp, withTimeZone } from "./timestamps";
import { daysFromCivil, daysInMonth } from "../types/calendar";

const DAY_US = 86400e6;
const p2 = (n: number): string => String(n).padStart(2, "0");

/** Calls f(text, epochDay) for each day from 0001-01-01 to 9999-12-31, counting the calendar by hand. */
function everyDay(f: (text: string, day: number) => void): number {
  const lengths = (y: number) => [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let day = -719162; // 0001-01-01
  for (let y = 1; y <= 9999; y++) {
    const ml = lengths(y);
    const ys = String(y).padStart(4, "0");
    for (let m = 1; m <= 12; m++) for (let d = 1; d <= ml[m - 1]; d++) f(`${ys}-${p2(m)}-${p2(d)}`, day++);
  }
  return day;
}

test("every date 0001-01-01..9999-12-31 parses, prints and steps (proleptic Gregorian)", () => {
  let bad = 0;
  const last = everyDay((text, day) => {
    if (parseDate(text) !== day || formatDate(day) !== text || formatDate(day + 1 - 1) !== text) {
      if (bad++ < 5) assert.fail(`${text}: parseDate ${parseDate(text)} (want ${day}), formatDate ${formatDate(day)}`);
    }
  });
  assert.equal(last, daysFromCivil(10000, 1, 1));
  assert.equal(parseDate("1970-01-01"), 0);
  assert.equal(parseDate("2019-02-29"), null);
  assert.equal(parseDate("2019-02-28"), daysFromCivil(2019, 2, 28));
  assert.equal(daysInMonth(1900, 2), 28);
  assert.equal(daysInMonth(2000, 2), 29);
});

// A timestamp is a double of microseconds: exact to the microsecond within ±2^53 µs (1685..2255),
// to the hundredth of a second (a multiple of 32 µs, the spacing of doubles near 9999) over the whole range.
test("every day's timestamp 0001..9999 round-trips in UTC; day arithmetic is 86400 s", () => {
  withTimeZone("UTC", () => {
    everyDay((text, day) => {
      const micro = Math.abs(day) < 100000;
      const us = day * DAY_US + (micro ? 45296789012 : 45296780000); // 12:34:56.789012
      const ts = `${text} 12:34:56.78${micro ? "9012" : ""}`;
      if (parseTimestamp(ts) !== us) assert.fail(`${ts}: ${parseTimestamp(ts)} (want ${us})`);
      if (formatTimestamp(us) !== ts) assert.fail(`${ts}: printed ${formatTimestamp(us)}`);
      if (day % 1000 === 0 && parseTimestamp(`${text}T00:00:00Z`) !== day * DAY_US) assert.fail(`${text}T00:00:00Z`);
    });
  });
});

test("timestamps of every 97th day round-trip in America/Los_Angeles (LMT before 1883, DST after)", () => {
  withTimeZone("America/Los_Angeles", () => {
    everyDay((text, day) => {
      if (day % 97 !== 0) return;
      const ts = `${text} 03:04:05`;
      const us = parseTimestamp(ts);
      if (us === null || formatTimestamp(us) !== ts) assert.fail(`${ts}: ${us} printed ${us === null ? "" : formatTimestamp(us)}`);
    });
    // java.time's LMT for Los Angeles: -07:52:58.
    assert.equal(formatTimestamp(parseTimestamp("0015-03-18 00:00:00Z")!), "0015-03-17 16:07:02");
  });
});
