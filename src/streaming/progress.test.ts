import { test } from "node:test";
import * as assert from "node:assert/strict";
import {
  compactJson, formatProgressTimestamp, javaDoubleToString, jsonDouble, jsonQuote, makeProgress, prettyJson,
  progressToCompactJson, progressToDict, progressToJson, statusToJson, STATUS_MESSAGES, type StreamingQueryProgress,
} from "./progress";

const example = (): StreamingQueryProgress =>
  makeProgress({
    id: "ce011fdc-8762-4dcb-84eb-a77333e28109",
    runId: "88e2ff94-ede0-45a8-b687-6316fbef529a",
    name: null,
    timestamp: formatProgressTimestamp(Date.UTC(2024, 4, 1, 10, 0, 5, 1)),
    batchId: 3,
    batchDuration: 570,
    durationMs: { walCommit: 25, addBatch: 480, latestOffset: 0, getBatch: 0, queryPlanning: 30, triggerExecution: 570, commitOffsets: 20 },
    eventTime: {},
    stateOperators: [
      {
        operatorName: "stateStoreSave", numRowsTotal: 4, numRowsUpdated: 2, allUpdatesTimeMs: 5, numRowsRemoved: 0,
        allRemovalsTimeMs: 0, commitTimeMs: 100, memoryUsedBytes: 90000, numRowsDroppedByWatermark: 0,
        numShufflePartitions: 200, numStateStoreInstances: 200,
        customMetrics: { stateOnCurrentVersionSizeBytes: 1500, loadedMapCacheHitCount: 400, loadedMapCacheMissCount: 0 },
      },
    ],
    sources: [
      {
        description: "TextSocketV2[host: localhost, port: 9999]",
        startOffset: 1, endOffset: 3, latestOffset: 3, numInputRows: 2, inputRowsPerSecond: 0.4, processedRowsPerSecond: 3.5,
      },
    ],
    sink: { description: "org.apache.spark.sql.execution.streaming.ConsoleTable$@4fe2fa4e", numOutputRows: 2 },
  });

test("progressToJson prints Spark's pretty JSON, field for field", () => {
  assert.equal(
    progressToJson(example()),
    `{
  "id" : "ce011fdc-8762-4dcb-84eb-a77333e28109",
  "runId" : "88e2ff94-ede0-45a8-b687-6316fbef529a",
  "name" : null,
  "timestamp" : "2024-05-01T10:00:05.001Z",
  "batchId" : 3,
  "numInputRows" : 2,
  "inputRowsPerSecond" : 0.4,
  "processedRowsPerSecond" : 3.5,
  "durationMs" : {
    "addBatch" : 480,
    "commitOffsets" : 20,
    "getBatch" : 0,
    "latestOffset" : 0,
    "queryPlanning" : 30,
    "triggerExecution" : 570,
    "walCommit" : 25
  },
  "stateOperators" : [ {
    "operatorName" : "stateStoreSave",
    "numRowsTotal" : 4,
    "numRowsUpdated" : 2,
    "allUpdatesTimeMs" : 5,
    "numRowsRemoved" : 0,
    "allRemovalsTimeMs" : 0,
    "commitTimeMs" : 100,
    "memoryUsedBytes" : 90000,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 200,
    "numStateStoreInstances" : 200,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 400,
      "loadedMapCacheMissCount" : 0,
      "stateOnCurrentVersionSizeBytes" : 1500
    }
  } ],
  "sources" : [ {
    "description" : "TextSocketV2[host: localhost, port: 9999]",
    "startOffset" : 1,
    "endOffset" : 3,
    "latestOffset" : 3,
    "numInputRows" : 2,
    "inputRowsPerSecond" : 0.4,
    "processedRowsPerSecond" : 3.5
  } ],
  "sink" : {
    "description" : "org.apache.spark.sql.execution.streaming.ConsoleTable$@4fe2fa4e",
    "numOutputRows" : 2
  }
}`,
  );
});

test("first batch: name set, null startOffset, [ ] for no state operators, NaN rate omitted, 0.0 doubles, nested offsets", () => {
  const p = makeProgress({
    ...example(),
    name: "wordcount",
    batchId: 0,
    durationMs: { triggerExecution: 1200 },
    eventTime: { watermark: "1970-01-01T00:00:00.000Z" },
    stateOperators: [],
    sources: [
      {
        description: "KafkaV2[Subscribe[events]]",
        startOffset: null, endOffset: { events: { "0": 5, "1": 7 } }, latestOffset: { events: { "0": 5, "1": 7 } },
        numInputRows: 12, inputRowsPerSecond: 0, processedRowsPerSecond: NaN, metrics: { avgOffsetsBehindLatest: "0.0" },
      },
    ],
    sink: { description: "ForeachBatchSink", numOutputRows: -1 },
  });
  assert.equal(
    progressToJson(p),
    `{
  "id" : "ce011fdc-8762-4dcb-84eb-a77333e28109",
  "runId" : "88e2ff94-ede0-45a8-b687-6316fbef529a",
  "name" : "wordcount",
  "timestamp" : "2024-05-01T10:00:05.001Z",
  "batchId" : 0,
  "numInputRows" : 12,
  "inputRowsPerSecond" : 0.0,
  "durationMs" : {
    "triggerExecution" : 1200
  },
  "eventTime" : {
    "watermark" : "1970-01-01T00:00:00.000Z"
  },
  "stateOperators" : [ ],
  "sources" : [ {
    "description" : "KafkaV2[Subscribe[events]]",
    "startOffset" : null,
    "endOffset" : {
      "events" : {
        "0" : 5,
        "1" : 7
      }
    },
    "latestOffset" : {
      "events" : {
        "0" : 5,
        "1" : 7
      }
    },
    "numInputRows" : 12,
    "inputRowsPerSecond" : 0.0,
    "metrics" : {
      "avgOffsetsBehindLatest" : "0.0"
    }
  } ],
  "sink" : {
    "description" : "ForeachBatchSink",
    "numOutputRows" : -1
  }
}`,
  );
  const dict = progressToDict(p);
  assert.deepEqual(Object.keys(dict), [
    "id", "runId", "name", "timestamp", "batchId", "numInputRows", "inputRowsPerSecond", "durationMs", "eventTime",
    "stateOperators", "sources", "sink",
  ]);
  assert.equal(dict.name, "wordcount");
  assert.deepEqual((dict.sources as { endOffset: unknown }[])[0].endOffset, { events: { "0": 5, "1": 7 } });
  assert.match(progressToCompactJson(p), /^\{"id":"ce011fdc-[^ ]*"inputRowsPerSecond":0\.0,"durationMs":\{"triggerExecution":1200\}/);
});

test("makeProgress sums the sources", () => {
  const p = makeProgress({
    ...example(),
    sources: [example().sources[0], { ...example().sources[0], numInputRows: 5, inputRowsPerSecond: 1.5, processedRowsPerSecond: 2 }],
  });
  assert.equal(p.numInputRows, 7);
  assert.equal(p.inputRowsPerSecond, 1.9);
  assert.equal(p.processedRowsPerSecond, 5.5);
});

test("Java double formatting and Jackson string escaping", () => {
  const cases: [number, string][] = [
    [120, "120.0"], [0.4, "0.4"], [3.3333333333333335, "3.3333333333333335"], [0.001, "0.001"], [0.0001, "1.0E-4"],
    [1234567.5, "1234567.5"], [1e7, "1.0E7"], [12345678.9, "1.23456789E7"], [-2.5e-5, "-2.5E-5"], [0, "0.0"], [-0, "-0.0"], [1e21, "1.0E21"],
  ];
  for (const [d, s] of cases) assert.equal(javaDoubleToString(d), s, String(d));
  assert.equal(jsonQuote('a"b\\c\n\t\u0001é/'), '"a\\"b\\\\c\\n\\t\\u0001é/"');
});

test("prettyJson: empty containers, nesting, arrays of scalars; compactJson", () => {
  assert.equal(prettyJson({}), "{ }");
  assert.equal(prettyJson([]), "[ ]");
  assert.equal(prettyJson({ a: [1, 2], b: { c: jsonDouble(1) }, d: undefined, e: jsonDouble(Infinity) }), '{\n  "a" : [ 1, 2 ],\n  "b" : {\n    "c" : 1.0\n  }\n}');
  assert.equal(prettyJson([{ a: 1 }, { b: [] }]), '[ {\n  "a" : 1\n}, {\n  "b" : [ ]\n} ]');
  assert.equal(compactJson({ a: [1, { b: null }], c: jsonDouble(2), d: 12n }), '{"a":[1,{"b":null}],"c":2.0,"d":12}');
});

test("status JSON", () => {
  assert.equal(
    statusToJson({ message: STATUS_MESSAGES.waitingForData, isDataAvailable: false, isTriggerActive: false }),
    '{\n  "message" : "Waiting for data to arrive",\n  "isDataAvailable" : false,\n  "isTriggerActive" : false\n}',
  );
  assert.equal(STATUS_MESSAGES.gettingOffsets("TextSocketV2[host: h, port: 1]"), "Getting offsets from TextSocketV2[host: h, port: 1]");
});
