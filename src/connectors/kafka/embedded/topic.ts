/** A topic: its partitions' logs and the configs set on it. */
import { randomUUID } from "node:crypto";
import { PartitionLog } from "./log";

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

  /** max.message.bytes set on the topic, else the broker's message.max.bytes. */
  maxMessageBytes(brokerDefault: number): number {
    const v = this.configs["max.message.bytes"];
    return v === undefined ? brokerDefault : Number(v);
  }

  get logAppendTime(): boolean {
    return this.configs["message.timestamp.type"] === "LogAppendTime";
  }

  /** retention.bytes set on the topic, else the broker's default. */
  retentionBytes(brokerDefault: number): number {
    const v = this.configs["retention.bytes"];
    return v === undefined ? brokerDefault : Number(v);
  }

  /** retention.ms set on the topic, else the broker's default. */
  retentionMs(brokerDefault: number): number {
    const v = this.configs["retention.ms"];
    return v === undefined ? brokerDefault : Number(v);
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
