/** Every API the embedded broker serves, by key. */
import { apiVersions } from "./api-versions";
import { createPartitions } from "./create-partitions";
import { createTopics } from "./create-topics";
import { deleteGroups } from "./delete-groups";
import { deleteTopics } from "./delete-topics";
import { describeConfigs } from "./describe-configs";
import { describeGroups } from "./describe-groups";
import { fetch } from "./fetch";
import { findCoordinator } from "./find-coordinator";
import { heartbeat } from "./heartbeat";
import { initProducerId } from "./init-producer-id";
import { joinGroup } from "./join-group";
import { leaveGroup } from "./leave-group";
import { listGroups } from "./list-groups";
import { listOffsets } from "./list-offsets";
import { metadata } from "./metadata";
import { offsetCommit } from "./offset-commit";
import { offsetFetch } from "./offset-fetch";
import { produce } from "./produce";
import { syncGroup } from "./sync-group";
import type { ApiHandler } from "./types";

export const API_HANDLERS: readonly ApiHandler[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  apiVersions,
  createTopics,
  deleteTopics,
  initProducerId,
  describeConfigs,
  createPartitions,
  deleteGroups,
].sort((a, b) => a.key - b.key);

export const API_BY_KEY: ReadonlyMap<number, ApiHandler> = new Map(API_HANDLERS.map((a) => [a.key, a]));

export type { ApiContext, ApiHandler } from "./types";
