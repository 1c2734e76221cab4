/**
 * `npm run connect [-- --port 15002 --host 127.0.0.1 --token T]`: Iskra's Spark Connect server
 * alone, in the foreground; console sinks print here, as on Spark's server. Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { ConnectServer, DEFAULT_PORT } from "./server";

const USAGE = `Usage: npm run connect -- [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--token TOKEN]
  The token may also come from SPARK_CONNECT_AUTHENTICATE_TOKEN; clients then pass sc://host:port/;token=TOKEN.`;

/** The banner line of a listening server (npm start prints it too). */
export const connectBanner = (url: string): string => `Connect  ${url} — pyspark --remote ${url}`;

export async function main(argv = process.argv.slice(2)): Promise<ConnectServer | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: "string" }, host: { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (e) {
    process.stderr.write(`connect: ${(e as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`connect: --port must be an integer 0…65535, got '${values.port}'\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const token = (values.token as string | undefined) ?? process.env.SPARK_CONNECT_AUTHENTICATE_TOKEN ?? undefined;
  let server: ConnectServer;
  try {
    server = await ConnectServer.start({ port, host: (values.host as string | undefined) ?? "127.0.0.1", token: token || undefined });
  } catch (e) {
    process.stderr.write(`connect: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(connectBanner(server.url) + "\n");
  const stop = () => {
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return server;
}
