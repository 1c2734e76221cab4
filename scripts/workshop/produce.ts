/**
 * The workshop's data generator (KafkaFakerProducer), same arguments and same records:
 *
 *   npm run produce -- <bootstrapServers> <topic> <json|csv> <recordsPerSecond> <seconds>
 *   npm run produce -- 127.0.0.1:9092 kafka-input json 2 5
 *
 * Each record: {"house": "...", "character": "...", "score": "7", "ts": "2022-08-11 16:34:11.633"}
 * - house and character drawn uniformly and independently from data/harry-potter-*.txt
 *   (datafaker 1.4.0's lists), score a string "1".."9", ts = now minus 1.001–30.999 s in local
 *   time as java.sql.Timestamp.toString prints it (trailing zeros of the fraction trimmed);
 * - csv: "house","character","score","ts" (every value quoted, comma separated);
 * - Kafka key = house, Kafka timestamp = the event time (ts);
 * - pacing as the original: wait for the next whole second, then each second send a burst of
 *   recordsPerSecond records, until `seconds` have passed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { KafkaClient } from "../../src/connectors/kafka/client";
import { prepareTopic, produceRecords, type OutRecord } from "../../src/connectors/kafka/record-writer";
import { parseCli } from "./cli";

const USAGE = `Usage: npm run produce -- <bootstrapServers> <topic> <json|csv> <recordsPerSecond> <seconds>

Sends Harry Potter score records to a Kafka topic, like the workshop's KafkaFakerProducer:
every second a burst of <recordsPerSecond> records, for <seconds> seconds.

  bootstrapServers   host:port[,host:port...]   e.g. 127.0.0.1:9092
  topic              e.g. kafka-input
  json|csv           record format ("csv" gives a quoted CSV line, anything else JSON)
  recordsPerSecond   positive integer, e.g. 2 or 20000
  seconds            positive integer, e.g. 5

Example: npm run produce -- 127.0.0.1:9092 kafka-input json 2 5`;

const DATA_DIR = path.resolve(__dirname, "..", "..", "data");

function readList(file: string): string[] {
  return fs
    .readFileSync(path.join(DATA_DIR, file), "utf8")
    .split("\n")
    .map((s) => s.replace(/\r$/, ""))
    .filter((s) => s.length > 0);
}

export const HOUSES = readList("harry-potter-houses.txt");
export const CHARACTERS = readList("harry-potter-characters.txt");

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

let cachedSecond = NaN;
let cachedPrefix = "";
const secondPrefixes = new Map<number, string>();

/** `yyyy-MM-dd HH:mm:ss` of a whole second in local time (cached: records share a 30 s window). */
function secondPrefix(second: number): string {
  if (second === cachedSecond) return cachedPrefix;
  let p = secondPrefixes.get(second);
  if (p === undefined) {
    const d = new Date(second * 1000);
    p =
      `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
      `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    if (secondPrefixes.size > 120) secondPrefixes.clear();
    secondPrefixes.set(second, p);
  }
  cachedSecond = second;
  cachedPrefix = p;
  return p;
}

const FRACTIONS: string[] = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, "0").replace(/0+$/, "") || "0");

/** java.sql.Timestamp.toString in the local time zone: `2022-08-11 16:34:11.633`, `.63`, `.6`, `.0`. */
export function javaTimestampString(ms: number): string {
  const second = Math.floor(ms / 1000);
  return `${secondPrefix(second)}.${FRACTIONS[ms - second * 1000]}`;
}

/** datafaker's Json string escaping (quotes, backslash, control characters, and `/`). */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "/") out += "\\/";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0").toUpperCase();
    else out += ch;
  }
  return out + '"';
}

function csvValue(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

export interface ScoreRecord {
  house: string;
  character: string;
  score: string;
  /** Event time, ms since the epoch. */
  eventTime: number;
  ts: string;
}

/** One record as datafaker draws it: uniform, independent choices; ts 1.001–30.999 s in the past. */
export function drawRecord(now = Date.now(), random: () => number = Math.random): ScoreRecord {
  const house = HOUSES[Math.floor(random() * HOUSES.length)];
  const character = CHARACTERS[Math.floor(random() * CHARACTERS.length)];
  const score = String(1 + Math.floor(random() * 9));
  const eventTime = now - 1000 - (1 + Math.floor(random() * 29999));
  return { house, character, score, eventTime, ts: javaTimestampString(eventTime) };
}

/** The record's text in the chosen format (`csv`, anything else JSON, as the original). */
export function formatRecord(r: ScoreRecord, format: string): string {
  if (format === "csv") return `${csvValue(r.house)},${csvValue(r.character)},${csvValue(r.score)},${csvValue(r.ts)}`;
  return `{"house": ${cachedJson(r.house)}, "character": ${cachedJson(r.character)}, "score": "${r.score}", "ts": "${r.ts}"}`;
}

// Names come from two short lists: escape each once.
const jsonCache = new Map<string, string>();
function cachedJson(s: string): string {
  let j = jsonCache.get(s);
  if (j === undefined) {
    j = jsonString(s);
    if (jsonCache.size < 10_000) jsonCache.set(s, j);
  }
  return j;
}

/** Sleeps until the next whole second (the original's waitToEpoch); never wakes early. */
async function waitToEpoch(): Promise<void> {
  const target = Math.floor(Date.now() / 1000) * 1000 + 1000;
  for (let now = Date.now(); now < target; now = Date.now()) await new Promise((r) => setTimeout(r, target - now));
}

function fmt(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

export interface ProduceResult {
  sent: number;
  seconds: number;
  recordsPerSecond: number;
  /** Longest time from the start of a burst to the broker's acknowledgement of all of it. */
  slowestBurstMs: number;
}

export async function produce(
  bootstrap: string,
  topic: string,
  format: string,
  perSecond: number,
  seconds: number,
  out: NodeJS.WriteStream = process.stdout,
): Promise<ProduceResult> {
  const client = new KafkaClient({ bootstrapServers: bootstrap, clientId: "iskra-producer" });
  const tty = Boolean(out.isTTY);
  try {
    // Connect (and let an auto-created topic appear) before the clock starts.
    await prepareTopic(client, topic);
    let sent = 0;
    let acked = 0;
    let firstSend = 0;
    let slowestBurstMs = 0;
    const inFlight: Promise<void>[] = [];
    const progress = () => {
      if (!tty) return;
      // Seconds of sending so far: a burst goes out at the start of each second, so acked/covered
      // is the rate the summary states (not acked over the moment of the last acknowledgement).
      const covered = Math.floor((Date.now() - firstSend) / 1000) + 1;
      out.write(`\rsent ${fmt(acked)} records to ${topic} (${fmt(acked / covered)} records/s)   `);
    };
    const sendBurst = (records: OutRecord[], began: number): Promise<void> =>
      produceRecords(client, topic, records, { acks: -1 }).then(() => {
        acked += records.length;
        slowestBurstMs = Math.max(slowestBurstMs, Date.now() - began);
        progress();
      });

    await waitToEpoch();
    const startTime = Math.floor(Date.now() / 1000) * 1000; // the whole second: a late timer must not add a burst
    firstSend = startTime;
    while (Date.now() < startTime + 1000 * seconds) {
      const now = Date.now();
      const records: OutRecord[] = new Array(perSecond);
      for (let i = 0; i < perSecond; i++) {
        const r = drawRecord(now);
        records[i] = { key: r.house, value: formatRecord(r, format), timestamp: r.eventTime };
      }
      sent += perSecond;
      const p = sendBurst(records, now);
      p.catch(() => {}); // awaited below; avoid an unhandled rejection while waiting for the second
      inFlight.push(p);
      // Let at most two bursts be on their way (the Java producer's buffer plays this role).
      while (inFlight.length > 2) await inFlight.shift();
      await waitToEpoch();
    }
    await Promise.all(inFlight);
    const secondsTaken = (Date.now() - startTime) / 1000;
    // The progress line ends with the summary's own figures.
    if (tty) out.write(`\rsent ${fmt(sent)} records to ${topic} (${fmt(sent / secondsTaken)} records/s)   \n`);
    return { sent, seconds: secondsTaken, recordsPerSecond: sent / secondsTaken, slowestBurstMs };
  } finally {
    await client.close();
  }
}

/**
 * `sizes[i]` records sent `gapMs` apart on one connection, each piece acknowledged before the next
 * (no whole-second pacing): a topic that keeps receiving while a consumer runs. Resolves with the
 * number sent.
 */
export async function trickle(bootstrap: string, topic: string, format: string, sizes: number[], gapMs: number): Promise<number> {
  const client = new KafkaClient({ bootstrapServers: bootstrap, clientId: "iskra-producer" });
  try {
    await prepareTopic(client, topic);
    let sent = 0;
    for (let i = 0; i < sizes.length; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
      const now = Date.now();
      const records: OutRecord[] = Array.from({ length: sizes[i] }, () => {
        const r = drawRecord(now);
        return { key: r.house, value: formatRecord(r, format), timestamp: r.eventTime };
      });
      await produceRecords(client, topic, records, { acks: -1 });
      sent += sizes[i];
    }
    return sent;
  } finally {
    await client.close();
  }
}

function fail(message: string): never {
  process.stderr.write(`produce: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const { positionals } = parseCli(argv, { name: "produce", usage: USAGE, allowPositionals: true, options: {} });
  if (positionals.length !== 5) fail(`5 arguments are needed, got ${positionals.length}`);
  const [bootstrap, topic, format, rateText, secondsText] = positionals;
  const perSecond = Number(rateText);
  const seconds = Number(secondsText);
  if (!/^\d+$/.test(rateText) || perSecond < 1) fail(`recordsPerSecond must be a positive integer, got '${rateText}'`);
  if (!/^\d+$/.test(secondsText) || seconds < 1) fail(`seconds must be a positive integer, got '${secondsText}'`);
  if (!topic) fail("the topic is empty");
  try {
    const r = await produce(bootstrap, topic, format, perSecond, seconds);
    process.stdout.write(
      `Sent ${fmt(r.sent)} ${format === "csv" ? "csv" : "json"} records to ${topic} at ${bootstrap} in ${r.seconds.toFixed(1)} s ` +
        `(${fmt(r.recordsPerSecond)} records/s), all acknowledged; slowest burst ${fmt(r.slowestBurstMs)} ms\n`,
    );
  } catch (e) {
    process.stderr.write(`\nproduce: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
