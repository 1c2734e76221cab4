/** A topic: its partitions' logs and the configs set on it. */
import { randomUUID } from "node:crypto";
import { PartitionLog } from "./log";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./topic-configs";

export interface TopicRecord {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
}

export class Topic {
  readonly partitions: PartitionLog[] = [];

  constructor(
    readonly name: string,
    readonly id: string = randomUUID(),
    public configs: Record<string, string> = {},
  ) {}

  get maxMessageBytes(): number {
    const v = this.configs["max.message.bytes"];
    return v === undefined ? DEFAULT_MAX_MESSAGE_BYTES : Number(v);
  }

  get logAppendTime(): boolean {
    return this.configs["message.timestamp.type"] === "LogAppendTime";
  }

  record(): TopicRecord {
    return { name: this.name, id: this.id, partitions: this.partitions.length, configs: this.configs };
  }
}

/** Kafka's topic name rules: 1–249 of [a-zA-Z0-9._-], not "." or "..". Returns the error text or null. */
export function checkTopicName(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === "." || name === "..") return "Topic name cannot be \".\" or \"..\"";
  if (name.length > 249) return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${name}`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name))
    return `Topic name ${name} is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}
