/**
 * Bytes ↔ text for the line-based formats (csv, json, text): Hadoop's compression codecs chosen
 * by file extension on read and by the `compression` option on write, character encodings
 * (`encoding`/`charset`), and Spark's line splitting (`lineSep`, else \n, \r\n or \r).
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { IllegalArgumentException, SparkException } from "../errors";
import type { CaseInsensitiveMap } from "../connector-api/options";

const KNOWN_CODECS = "bzip2, deflate, uncompressed, lz4, gzip, snappy, none";
const CODEC_EXT: Record<string, string> = { gzip: ".gz", deflate: ".deflate" };

/** The `compression`/`codec` option as a file extension (".gz"), "" for none; Spark's error for an unknown codec. */
export function codecExtension(options: CaseInsensitiveMap): string {
  const c = (options.get("compression") ?? options.get("codec") ?? "none").toLowerCase();
  if (c === "none" || c === "uncompressed") return "";
  if (CODEC_EXT[c]) return CODEC_EXT[c];
  if (["bzip2", "lz4", "snappy"].includes(c))
    throw new IllegalArgumentException(`Codec [${c}] is not available in Iskra for text files. Available codecs are gzip, deflate, uncompressed, none.`);
  throw new IllegalArgumentException(`Codec [${c}] is not available. Known codecs are ${KNOWN_CODECS}.`);
}

function charset(options: CaseInsensitiveMap): string {
  return (options.get("encoding") ?? options.get("charset") ?? "UTF-8").toLowerCase().replace(/_/g, "-");
}

function checkCharset(name: string): void {
  try { new TextDecoder(name); } catch { throw new SparkException(`[UNSUPPORTED_CHARSET] ${name}`); }
}

/** A text file's content, decompressed by extension and decoded with the `encoding` option. */
export function readTextFile(file: string, options: CaseInsensitiveMap): string {
  let bytes: Buffer = fs.readFileSync(file);
  if (file.endsWith(".gz")) bytes = zlib.gunzipSync(bytes);
  else if (file.endsWith(".deflate")) bytes = zlib.inflateSync(bytes);
  const cs = charset(options);
  if (cs === "utf-8" || cs === "utf8") return bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (cs === "utf-16") {
    // Java's UTF-16: a byte-order mark decides, big-endian without one.
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
    return new TextDecoder("utf-16be").decode(bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2) : bytes);
  }
  checkCharset(cs);
  return new TextDecoder(cs).decode(bytes);
}

/** Encodes and compresses a text file's content and writes it. */
export function writeTextFile(file: string, text: string, options: CaseInsensitiveMap): void {
  const cs = charset(options);
  let bytes: Buffer;
  if (cs === "utf-8" || cs === "utf8") bytes = Buffer.from(text, "utf8");
  else if (cs === "utf-16le") bytes = Buffer.from(text, "utf16le");
  else if (cs === "utf-16be") bytes = Buffer.from(text, "utf16le").swap16();
  else if (cs === "utf-16") bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
  else if (cs === "iso-8859-1" || cs === "latin1") bytes = Buffer.from(text, "latin1");
  else if (cs === "us-ascii" || cs === "ascii") bytes = Buffer.from(text.replace(/[^\x00-\x7f]/g, "?"), "latin1");
  else { checkCharset(cs); throw new IllegalArgumentException(`Writing the charset ${cs} is not supported by Iskra (UTF-8, UTF-16, UTF-16LE, UTF-16BE, ISO-8859-1 and US-ASCII are).`); }
  const ext = codecExtension(options);
  if (ext === ".gz") bytes = zlib.gzipSync(bytes);
  else if (ext === ".deflate") bytes = zlib.deflateSync(bytes);
  fs.writeFileSync(file, bytes);
}

/** Lines as Spark's line reader splits them: by `lineSep` when given, else \n, \r\n or \r. */
export function splitRecords(text: string, lineSep?: string): string[] {
  if (text.length === 0) return [];
  const lines = lineSep ? text.split(lineSep) : text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The `lineSep` option checked as Spark does (non-empty; on write at most one character for csv). */
export function lineSepOption(options: CaseInsensitiveMap): string | undefined {
  const v = options.get("lineSep");
  if (v === undefined) return undefined;
  if (v === "") throw new IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.");
  return v;
}
