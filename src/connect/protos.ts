/**
 * Spark Connect 3.5's protocol, loaded at run time from the .proto files that `npm install`
 * unpacked from Maven's spark-connect-common jar (proto-fetch.js), plus the two google.rpc
 * messages an error's status details carry (Status, ErrorInfo: the client reads the exception
 * class from ErrorInfo.metadata). Field names stay as in the .proto (snake_case); a oneof's case
 * is the property named after it (`rel_type: "project"`).
 */
import * as grpc from "@grpc/grpc-js";
import * as loader from "@grpc/proto-loader";
import * as protobuf from "protobufjs";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureProtos }: { ensureProtos(): Promise<string> } = require("./proto-fetch.js");

const LOAD_OPTIONS: loader.Options = { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, bytes: Buffer };

export interface ConnectProtocol {
  service: grpc.ServiceDefinition;
  /** A message type by its name in package spark.connect (`Relation`), for encoding plans in tests and for the worker. */
  type(name: string): protobuf.Type;
  /** google.rpc.Status with one ErrorInfo, serialised for the `grpc-status-details-bin` trailer. */
  statusDetails(code: number, message: string, reason: string, metadata: Record<string, string>): Buffer;
}

const RPC_STATUS = `
syntax = "proto3";
package google.rpc;
import "google/protobuf/any.proto";
message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
`;

let loaded: Promise<ConnectProtocol> | undefined;

export function loadProtocol(): Promise<ConnectProtocol> {
  return (loaded ??= (async () => {
    const dir = await ensureProtos();
    const files = ["base", "commands", "relations", "expressions", "types", "catalog", "common"].map((f) => path.join(dir, "spark", "connect", `${f}.proto`));
    const def = await loader.load(files, { ...LOAD_OPTIONS, includeDirs: [dir] });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { spark: { connect: { SparkConnectService: { service: grpc.ServiceDefinition } } } };
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith("google/") ? target : path.isAbsolute(target) ? target : path.join(dir, target));
    await root.load(files, { keepCase: true });
    protobuf.parse(RPC_STATUS, root, { keepCase: true });
    root.resolveAll();
    const Status = root.lookupType("google.rpc.Status");
    const ErrorInfo = root.lookupType("google.rpc.ErrorInfo");
    return {
      service: pkg.spark.connect.SparkConnectService.service,
      type: (name) => root.lookupType(`spark.connect.${name}`),
      statusDetails: (code, message, reason, metadata) => {
        const info = ErrorInfo.encode(ErrorInfo.create({ reason, domain: "org.apache.spark", metadata })).finish();
        return Buffer.from(Status.encode(Status.create({ code, message, details: [{ type_url: "type.googleapis.com/google.rpc.ErrorInfo", value: info }] })).finish());
      },
    };
  })());
}
