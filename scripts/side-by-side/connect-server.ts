/**
 * A local Spark Connect server from the pip-installed PySpark, for running exported applications
 * with `--remote sc://127.0.0.1:PORT`. The pip package has no sbin/start-connect-server.sh; that
 * script only runs spark-submit with the server's class, which is what this does:
 *
 *   spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer \
 *       --packages org.apache.spark:spark-connect_2.12:3.5.7,<the app's packages> spark-internal
 *
 * Its stdout is where console sinks print (the queries run in the server).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { PACKAGES, SPARK_VERSION } from "../../src/export/pyspark";
import type { PySparkInstall } from "../../src/export/side-by-side";

/** The Spark Connect server jar. @public .ci/run reads it (node -e) to warm the ivy cache. */
export const CONNECT_PACKAGE = `org.apache.spark:spark-connect_2.12:${SPARK_VERSION}`;
export const CONNECT_CLIENT_HINT = "The Spark Connect client needs pandas, pyarrow and grpcio: pip install 'pyspark[connect]==3.5.*'";

/** Whether this PySpark can be a Spark Connect client. */
export function hasConnectClient(p: PySparkInstall): boolean {
  return spawnSync(p.python, ["-c", "import pyspark.sql.connect.session"], { encoding: "utf8" }).status === 0;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export class ConnectServer {
  private out = "";
  private log = "";
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout!.on("data", (d) => (this.out += d));
    child.stderr!.on("data", (d) => (this.log = (this.log + d).slice(-50000)));
  }

  /** Starts a server on a free port; resolves once it listens (bounded by `seconds`). */
  static async start(p: PySparkInstall, env: NodeJS.ProcessEnv, seconds = 300): Promise<ConnectServer> {
    const port = await freePort();
    const args = ["--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "--name", "Spark Connect server", "--master", "local[2]", "--conf", `spark.connect.grpc.binding.port=${port}`, "--conf", "spark.ui.enabled=false", "--packages", [CONNECT_PACKAGE, ...PACKAGES].join(","), "spark-internal"];
    const child = spawn(p.sparkSubmit, args, { env: { ...env, PYSPARK_PYTHON: p.python, PATH: `${path.dirname(p.python)}${path.delimiter}${env.PATH ?? ""}` }, stdio: ["ignore", "pipe", "pipe"] });
    const server = new ConnectServer(child, `sc://127.0.0.1:${port}`);
    const deadline = Date.now() + seconds * 1000;
    while (!/Spark Connect server started/.test(server.log)) {
      if (child.exitCode !== null) throw new Error(`the Spark Connect server exited (${child.exitCode}):\n${server.log.slice(-3000)}`);
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the Spark Connect server did not start in ${seconds} s:\n${server.log.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return server;
  }

  /** What the server printed on stdout (console sinks' batches). */
  output(): string {
    return this.out;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const closed = new Promise((r) => this.child.once("close", r));
    this.child.kill("SIGTERM");
    const t = setTimeout(() => this.child.kill("SIGKILL"), 20000);
    await closed;
    clearTimeout(t);
  }
}
