/** The TCP side: a node:net server that gives every socket a Connection. */
import * as net from "node:net";
import type { Broker } from "./broker";
import { Connection } from "./connection";

export class KafkaServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly broker: Broker,
    private readonly log: (line: string) => void,
  ) {
    this.server = net.createServer((socket) => {
      const c = new Connection(socket, this.broker, this.log);
      this.connections.add(c);
      socket.on("close", () => this.connections.delete(c));
    });
  }

  /** Listens; resolves the port (useful with port 0). */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        reject(
          e.code === "EADDRINUSE"
            ? new Error(`cannot start the embedded Kafka broker: ${host}:${port} is already in use (is another broker running?)`)
            : e,
        );
      };
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        this.server.on("error", (e) => this.log(`server error: ${e.message}`));
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, closes every connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const c of [...this.connections]) c.destroy();
      this.connections.clear();
    });
  }
}
