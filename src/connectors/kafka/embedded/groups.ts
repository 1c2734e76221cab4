/**
 * The classic consumer-group coordinator, small: Empty → PreparingRebalance → CompletingRebalance
 * → Stable, as Kafka's GroupCoordinator, with group.initial.rebalance.delay.ms = 0.
 *
 * - JoinGroup v4+ with an empty member id gets MEMBER_ID_REQUIRED and a new id (kafkajs rejoins
 *   with it at once); older versions get the id straight away.
 * - A rebalance completes when every known member has (re)joined, or after the longest rebalance
 *   timeout, dropping those that did not. The leader gets every member's metadata, SyncGroup
 *   relays its assignments; both are opaque bytes here.
 * - Members that send nothing for their session timeout are removed (a sweep every 500 ms).
 * - Committed offsets live here (and in the data directory when there is one).
 */
import { randomUUID } from "node:crypto";
import { ErrorCode } from "./errors";

type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable";

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  error: number;
  generationId: number;
  protocolName: string | null;
  leaderId: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  error: number;
  assignment: Buffer;
}

interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: Protocol[];
  assignment: Buffer;
  joinCb?: (r: JoinResult) => void;
  syncCb?: (r: SyncResult) => void;
  lastSeen: number;
}

interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

class Group {
  state: GroupState = "Empty";
  generation = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, and when they lapse. */
  readonly pending = new Map<string, number>();
  /** `topic\0partition` → committed offset. */
  readonly offsets = new Map<string, CommittedOffset>();
  rebalanceTimer?: NodeJS.Timeout;
  constructor(readonly id: string) {}
}

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new member must first ask for an id. */
  requireKnownMemberId: boolean;
}

const MIN_SESSION_TIMEOUT_MS = 6000;
const MAX_SESSION_TIMEOUT_MS = 1800000;
const MAX_METADATA_BYTES = 4096;
const EMPTY = Buffer.alloc(0);

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly log: (line: string) => void,
    /** Called after committed offsets change (persistence). */
    private readonly onOffsetsChanged: () => void = () => undefined,
  ) {
    this.sweeper = setInterval(() => this.expire(), 500);
    this.sweeper.unref();
  }

  private group(id: string, create: boolean): Group | undefined {
    let g = this.groups.get(id);
    if (!g && create) {
      g = new Group(id);
      this.groups.set(id, g);
    }
    return g;
  }

  join(req: JoinRequest): Promise<JoinResult> {
    const fail = (error: number, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve({ error, generationId: -1, protocolName: null, leaderId: "", memberId, members: [] });
    if (!req.groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || req.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS)
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    const g = this.group(req.groupId, true)!;
    if (req.protocols.length === 0 || !req.protocolType) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (g.members.size > 0 && !this.compatible(g, req.protocolType, req.protocols, req.memberId))
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    const now = Date.now();
    let member: Member | undefined;
    let isNew = false;
    if (req.memberId === "") {
      const id = `${req.clientId || "consumer"}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        g.pending.set(id, now + req.sessionTimeoutMs);
        return fail(ErrorCode.MEMBER_ID_REQUIRED, id);
      }
      isNew = true;
      member = this.newMember(req, id, now);
    } else {
      member = g.members.get(req.memberId);
      if (!member) {
        if (!g.pending.has(req.memberId)) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
        g.pending.delete(req.memberId);
        isNew = true;
        member = this.newMember(req, req.memberId, now);
      }
    }
    if (isNew) g.members.set(member.memberId, member);
    const sameProtocols = !isNew && sameProtocolList(member.protocols, req.protocols);
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.lastSeen = now;
    g.protocolType = req.protocolType;

    return new Promise<JoinResult>((resolve) => {
      if (member!.joinCb) member!.joinCb({ error: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolName: null, leaderId: "", memberId: member!.memberId, members: [] });
      member!.joinCb = resolve;
      if (g.state === "Stable" && sameProtocols && g.leaderId !== member!.memberId) {
        // A follower rejoining with nothing new: answer with the current generation.
        member!.joinCb = undefined;
        resolve(this.joinAnswer(g, member!));
        return;
      }
      if (g.state !== "PreparingRebalance") this.prepareRebalance(g, isNew ? "a new member joined" : "a member rejoined");
      this.tryCompleteJoin(g);
    });
  }

  private newMember(req: JoinRequest, memberId: string, now: number): Member {
    return {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
      lastSeen: now,
    };
  }

  /** Same protocol type and at least one protocol every other member supports too. */
  private compatible(g: Group, protocolType: string, protocols: Protocol[], memberId: string): boolean {
    if (g.protocolType !== null && g.protocolType !== protocolType) return false;
    const names = new Set(protocols.map((p) => p.name));
    for (const m of g.members.values()) {
      if (m.memberId === memberId) continue;
      for (const n of [...names]) if (!m.protocols.some((p) => p.name === n)) names.delete(n);
    }
    return names.size > 0;
  }

  private prepareRebalance(g: Group, why: string): void {
    if (g.state === "CompletingRebalance") {
      for (const m of g.members.values()) {
        if (m.syncCb) {
          const cb = m.syncCb;
          m.syncCb = undefined;
          cb({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
        }
      }
    }
    g.state = "PreparingRebalance";
    let timeout = 0;
    for (const m of g.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    clearTimeout(g.rebalanceTimer);
    g.rebalanceTimer = setTimeout(() => this.completeJoin(g), Math.max(timeout, 1000));
    g.rebalanceTimer.unref();
    void why;
  }

  private tryCompleteJoin(g: Group): void {
    if (g.state !== "PreparingRebalance") return;
    for (const m of g.members.values()) if (!m.joinCb) return;
    this.completeJoin(g);
  }

  private completeJoin(g: Group): void {
    if (g.state !== "PreparingRebalance") return;
    clearTimeout(g.rebalanceTimer);
    g.rebalanceTimer = undefined;
    for (const m of [...g.members.values()]) {
      if (!m.joinCb) {
        g.members.delete(m.memberId);
        this.log(`group ${g.id}: member ${m.memberId} did not rejoin in time and was removed`);
      }
    }
    g.generation++;
    if (g.members.size === 0) {
      g.state = "Empty";
      g.protocolName = null;
      g.leaderId = null;
      return;
    }
    g.protocolName = this.selectProtocol(g);
    if (!g.leaderId || !g.members.has(g.leaderId)) g.leaderId = g.members.keys().next().value as string;
    g.state = "CompletingRebalance";
    const now = Date.now();
    for (const m of g.members.values()) {
      const cb = m.joinCb!;
      m.joinCb = undefined;
      m.lastSeen = now;
      cb(this.joinAnswer(g, m));
    }
  }

  private joinAnswer(g: Group, m: Member): JoinResult {
    const isLeader = g.leaderId === m.memberId;
    return {
      error: ErrorCode.NONE,
      generationId: g.generation,
      protocolName: g.protocolName,
      leaderId: g.leaderId ?? "",
      memberId: m.memberId,
      members: isLeader
        ? [...g.members.values()].map((x) => ({
            memberId: x.memberId,
            groupInstanceId: x.groupInstanceId,
            metadata: x.protocols.find((p) => p.name === g.protocolName)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  /** Every member votes for its most preferred protocol that all members support. */
  private selectProtocol(g: Group): string {
    const members = [...g.members.values()];
    const common = members[0].protocols.map((p) => p.name).filter((n) => members.every((m) => m.protocols.some((p) => p.name === n)));
    const votes = new Map<string, number>();
    for (const m of members) {
      const choice = m.protocols.find((p) => common.includes(p.name))?.name;
      if (choice) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = common[0];
    for (const n of common) if ((votes.get(n) ?? 0) > (votes.get(best) ?? 0)) best = n;
    return best;
  }

  sync(groupId: string, generationId: number, memberId: string, assignments: { memberId: string; assignment: Buffer }[]): Promise<SyncResult> {
    const g = this.groups.get(groupId);
    const m = g?.members.get(memberId);
    if (!g || !m) return Promise.resolve({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (generationId !== g.generation) return Promise.resolve({ error: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    m.lastSeen = Date.now();
    if (g.state === "PreparingRebalance") return Promise.resolve({ error: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    if (g.state === "Stable") return Promise.resolve({ error: ErrorCode.NONE, assignment: m.assignment });
    return new Promise<SyncResult>((resolve) => {
      m.syncCb = resolve;
      if (g.leaderId !== memberId) return;
      const given = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const x of g.members.values()) x.assignment = given.get(x.memberId) ?? EMPTY;
      g.state = "Stable";
      for (const x of g.members.values()) {
        if (x.syncCb) {
          const cb = x.syncCb;
          x.syncCb = undefined;
          cb({ error: ErrorCode.NONE, assignment: x.assignment });
        }
      }
    });
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const g = this.groups.get(groupId);
    const m = g?.members.get(memberId);
    if (!g || !m) return ErrorCode.UNKNOWN_MEMBER_ID;
    m.lastSeen = Date.now();
    if (g.state === "PreparingRebalance") return ErrorCode.REBALANCE_IN_PROGRESS;
    if (generationId !== g.generation) return ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  /** Removes members; the error per member (UNKNOWN_MEMBER_ID for ones not in the group). */
  leave(groupId: string, memberIds: string[]): number[] {
    const g = this.groups.get(groupId);
    return memberIds.map((id) => {
      const m = g?.members.get(id);
      if (!g || !m) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.removeMember(g, m, "left the group");
      return ErrorCode.NONE;
    });
  }

  private removeMember(g: Group, m: Member, why: string): void {
    g.members.delete(m.memberId);
    if (m.joinCb) m.joinCb({ error: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolName: null, leaderId: "", memberId: m.memberId, members: [] });
    if (m.syncCb) m.syncCb({ error: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    m.joinCb = m.syncCb = undefined;
    if (why !== "left the group") this.log(`group ${g.id}: member ${m.memberId} ${why}`);
    if (g.state === "Stable" || g.state === "CompletingRebalance") this.prepareRebalance(g, why);
    if (g.state === "PreparingRebalance") {
      if (g.members.size === 0) this.completeJoin(g);
      else this.tryCompleteJoin(g);
    }
  }

  private expire(): void {
    const now = Date.now();
    for (const g of this.groups.values()) {
      for (const [id, until] of g.pending) if (until < now) g.pending.delete(id);
      for (const m of [...g.members.values()]) {
        if (m.joinCb) continue; // waiting in a rebalance: the rebalance timeout applies
        if (now - m.lastSeen > m.sessionTimeoutMs) this.removeMember(g, m, `sent no heartbeat for ${m.sessionTimeoutMs} ms and was removed`);
      }
    }
  }

  /** OffsetCommit for one partition; returns its error code. */
  commit(groupId: string, generationId: number, memberId: string, offsets: { topic: string; partition: number; offset: number; metadata: string | null }[]): number[] {
    if (!groupId) return offsets.map(() => ErrorCode.INVALID_GROUP_ID);
    let g = this.groups.get(groupId);
    let error: number = ErrorCode.NONE;
    if (!g) {
      if (generationId < 0) g = this.group(groupId, true)!;
      else error = ErrorCode.ILLEGAL_GENERATION;
    } else if (generationId < 0 && g.state === "Empty") {
      /* a simple (group-less) commit */
    } else if (!g.members.has(memberId)) error = ErrorCode.UNKNOWN_MEMBER_ID;
    else if (generationId !== g.generation) error = ErrorCode.ILLEGAL_GENERATION;
    else if (g.state === "CompletingRebalance") error = ErrorCode.REBALANCE_IN_PROGRESS;
    if (error !== ErrorCode.NONE || !g) return offsets.map(() => error);
    const m = g.members.get(memberId);
    if (m) m.lastSeen = Date.now();
    let changed = false;
    const out = offsets.map((o) => {
      if (o.metadata !== null && Buffer.byteLength(o.metadata) > MAX_METADATA_BYTES) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
      g!.offsets.set(key(o.topic, o.partition), { offset: o.offset, metadata: o.metadata });
      changed = true;
      return ErrorCode.NONE;
    });
    if (changed) this.onOffsetsChanged();
    return out;
  }

  /** Committed offsets: for the given partitions (-1 when none), or all of the group's when null. */
  committed(groupId: string, topics: { topic: string; partitions: number[] }[] | null): { topic: string; partitions: { partition: number; offset: number; metadata: string | null }[] }[] {
    const g = this.groups.get(groupId);
    if (topics === null) {
      const byTopic = new Map<string, { partition: number; offset: number; metadata: string | null }[]>();
      for (const [k, v] of g?.offsets ?? []) {
        const [topic, p] = k.split("\u0000");
        const l = byTopic.get(topic) ?? [];
        l.push({ partition: Number(p), offset: v.offset, metadata: v.metadata });
        byTopic.set(topic, l);
      }
      return [...byTopic].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a.partition - b.partition) }));
    }
    return topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => {
        const c = g?.offsets.get(key(t.topic, p));
        return { partition: p, offset: c ? c.offset : -1, metadata: c ? c.metadata : "" };
      }),
    }));
  }

  describe(groupId: string): {
    state: string;
    protocolType: string;
    protocol: string;
    members: { memberId: string; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
  } {
    const g = this.groups.get(groupId);
    if (!g) return { state: "Dead", protocolType: "", protocol: "", members: [] };
    const stable = g.state === "Stable";
    return {
      state: g.state,
      protocolType: g.protocolType ?? "",
      protocol: stable || g.state === "CompletingRebalance" ? g.protocolName ?? "" : "",
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? EMPTY : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  list(): { groupId: string; protocolType: string }[] {
    return [...this.groups.values()].map((g) => ({ groupId: g.id, protocolType: g.protocolType ?? "" }));
  }

  delete(groupId: string): number {
    const g = this.groups.get(groupId);
    if (!g) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (g.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    this.onOffsetsChanged();
    return ErrorCode.NONE;
  }

  /** Forgets committed offsets of a deleted topic. */
  forgetTopic(topic: string): void {
    let changed = false;
    for (const g of this.groups.values())
      for (const k of [...g.offsets.keys()])
        if (k.startsWith(topic + "\u0000")) {
          g.offsets.delete(k);
          changed = true;
        }
    if (changed) this.onOffsetsChanged();
  }

  /** Committed offsets of every group, for the data directory. */
  snapshot(): Record<string, { protocolType: string | null; offsets: [string, number, number, string | null][] }> {
    const out: Record<string, { protocolType: string | null; offsets: [string, number, number, string | null][] }> = {};
    for (const g of this.groups.values()) {
      if (g.offsets.size === 0) continue;
      out[g.id] = {
        protocolType: g.protocolType,
        offsets: [...g.offsets].map(([k, v]) => {
          const [topic, p] = k.split("\u0000");
          return [topic, Number(p), v.offset, v.metadata];
        }),
      };
    }
    return out;
  }

  restore(data: ReturnType<GroupCoordinator["snapshot"]>): void {
    for (const [id, v] of Object.entries(data)) {
      const g = this.group(id, true)!;
      g.protocolType = v.protocolType;
      for (const [topic, p, offset, metadata] of v.offsets) g.offsets.set(key(topic, p), { offset, metadata });
    }
  }

  /** Stops timers and answers every waiting JoinGroup/SyncGroup (the broker is stopping). */
  close(): void {
    clearInterval(this.sweeper);
    for (const g of this.groups.values()) {
      clearTimeout(g.rebalanceTimer);
      for (const m of g.members.values()) {
        m.joinCb?.({ error: ErrorCode.COORDINATOR_NOT_AVAILABLE, generationId: -1, protocolName: null, leaderId: "", memberId: m.memberId, members: [] });
        m.syncCb?.({ error: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
        m.joinCb = m.syncCb = undefined;
      }
    }
  }
}

function sameProtocolList(a: Protocol[], b: Protocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata));
}
