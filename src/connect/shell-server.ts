/**
 * The Connect server `npm start` serves beside the shell, on the shell's own session (so Connect
 * queries print above the prompt and show in its web UI). `spark.connect.grpc.binding.port`
 * (ISKRA_CONNECT_PORT before the start) moves it; `spark.connect.enabled=false` (ISKRA_CONNECT=0)
 * turns it off. A port already taken (another shell) leaves the shell without it: null, no banner line.
 */
import type { SparkSession } from "../index";
import { connectBanner } from "./main";
import { ConnectServer, DEFAULT_PORT } from "./server";

export async function startShellConnect(spark: SparkSession, env: NodeJS.ProcessEnv): Promise<{ server: ConnectServer; banner: string } | null> {
  if (env.ISKRA_CONNECT_PORT) spark.conf.set("spark.connect.grpc.binding.port", env.ISKRA_CONNECT_PORT);
  if (env.ISKRA_CONNECT === "0") spark.conf.set("spark.connect.enabled", "false");
  if (spark.conf.get("spark.connect.enabled") === "false") return null;
  const port = Number(spark.conf.get("spark.connect.grpc.binding.port") ?? DEFAULT_PORT);
  try {
    const server = await ConnectServer.start({ port, base: spark, token: env.SPARK_CONNECT_AUTHENTICATE_TOKEN || undefined });
    return { server, banner: connectBanner(server.url) };
  } catch {
    return null;
  }
}
