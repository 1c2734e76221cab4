/**
 * Parquet compression codecs by Spark's names (the `compression` option and
 * `spark.sql.parquet.compression.codec`): what the file's column chunks say, the part-file
 * extension Spark gives them, and the compressors the writer needs. Reading uses
 * hyparquet-compressors (snappy, gzip, zstd, brotli, Hadoop-framed LZ4 and raw LZ4).
 */
import * as zlib from "node:zlib";
import type { CompressionCodec } from "hyparquet";
import type { Compressors } from "hyparquet-writer/src/types";
import { IllegalArgumentException, SparkTaskFailure } from "../../errors";

interface Codec { parquet: CompressionCodec; extension: string }

/** Spark 3.5's ParquetOptions.shortParquetCompressionCodecNames, with CompressionCodecName's extensions. */
const CODECS: Record<string, Codec> = {
  none: { parquet: "UNCOMPRESSED", extension: "" },
  uncompressed: { parquet: "UNCOMPRESSED", extension: "" },
  snappy: { parquet: "SNAPPY", extension: ".snappy" },
  gzip: { parquet: "GZIP", extension: ".gz" },
  lzo: { parquet: "LZO", extension: ".lzo" },
  brotli: { parquet: "BROTLI", extension: ".br" },
  lz4: { parquet: "LZ4", extension: ".lz4hadoop" },
  lz4_raw: { parquet: "LZ4_RAW", extension: ".lz4raw" },
  lz4raw: { parquet: "LZ4_RAW", extension: ".lz4raw" },
  zstd: { parquet: "ZSTD", extension: ".zstd" },
};

/** In the order Spark's messages list them. */
export const CODEC_NAMES = "brotli, uncompressed, lz4, gzip, lzo, lz4raw, snappy, lz4_raw, none, zstd";

/** The codec for a Spark codec name (case-insensitive), with Spark's error for an unknown one. */
export function parquetCodec(name: string): Codec {
  const c = CODECS[name.toLowerCase()];
  if (!c)
    throw new IllegalArgumentException(`Codec [${name.toLowerCase()}] is not available. Available codecs are ${CODEC_NAMES}.`);
  return c;
}

type Compress = (input: Uint8Array) => Uint8Array;

let zstd: Compress | undefined;
let snappy: Compress | undefined;

/** The writer's compressors, loaded once (snappy and zstd are WebAssembly modules). */
export async function compressors(codec: CompressionCodec): Promise<Compressors> {
  if (codec === "SNAPPY" && !snappy) snappy = (await import("hysnappy")).snappyCompressor();
  if (codec === "ZSTD" && !zstd) {
    const z = require("@bokuweb/zstd-wasm") as { init(): Promise<void>; compress(b: Uint8Array, level: number): Uint8Array };
    await z.init();
    zstd = (b) => z.compress(b, 3);
  }
  // Spark 3.5 as shipped has no Hadoop class for these either: its write job fails the same way.
  if (codec === "LZO" || codec === "BROTLI")
    throw new SparkTaskFailure("org.apache.parquet.hadoop.BadConfigurationException",
      `Class ${codec === "LZO" ? "com.hadoop.compression.lzo.LzoCodec" : "org.apache.hadoop.io.compress.BrotliCodec"} was not found`);
  return {
    SNAPPY: snappy,
    GZIP: (b) => new Uint8Array(zlib.gzipSync(b)),
    ZSTD: zstd,
    LZ4: lz4Hadoop,
    LZ4_RAW: lz4Block,
  };
}

// Hadoop's Lz4Codec frames each block of at most 256 KiB as [raw length][compressed length][LZ4 block], big-endian.
const HADOOP_BLOCK = 256 * 1024;

function lz4Hadoop(input: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < input.length || (at === 0 && parts.length === 0); at += HADOOP_BLOCK) {
    const raw = input.subarray(at, Math.min(at + HADOOP_BLOCK, input.length));
    const block = lz4Block(raw);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(raw.length, 0);
    head.writeUInt32BE(block.length, 4);
    parts.push(head, block);
    if (!input.length) break;
  }
  return new Uint8Array(Buffer.concat(parts));
}

function lz4Block(input: Uint8Array): Uint8Array {
  const lz4 = require("lz4js") as { compressBound(n: number): number; compressBlock(s: Uint8Array, d: Uint8Array, si: number, sl: number, h: Uint32Array): number };
  const out = new Uint8Array(lz4.compressBound(input.length) + 16);
  const n = input.length ? lz4.compressBlock(input, out, 0, input.length, new Uint32Array(1 << 16)) : 0;
  return n > 0 ? out.subarray(0, n) : literalBlock(input);
}

/** An LZ4 block of literals only (what the compressor gives up on: no match found). */
function literalBlock(input: Uint8Array): Uint8Array {
  const head: number[] = [];
  const n = input.length;
  if (n >= 15) {
    head.push(0xf0);
    let rest = n - 15;
    for (; rest >= 255; rest -= 255) head.push(255);
    head.push(rest);
  } else head.push(n << 4);
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(input, head.length);
  return out;
}
