import type { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type { AgentName } from "../../cases/schema.ts";
import type { Db } from "../../db/pool.ts";
import { getAgent } from "../index.ts";
import type { AgentGraph } from "../registry-types.ts";
import { BatchedPostgresSaver } from "./checkpointer.ts";

/**
 * One Postgres checkpointer per process (LangGraph's own tables, in the app's schema) and
 * one compiled graph per agent, built on first use. Threads live as long as their run
 * needs them: an interrupt waits here across restarts.
 */
export interface GraphCache {
  checkpointer: PostgresSaver;
  graph(agent: AgentName): AgentGraph;
}

export async function createGraphCache(db: Db): Promise<GraphCache> {
  const checkpointer = new BatchedPostgresSaver(db.pool, db.schema);
  await checkpointer.setup();
  const graphs = new Map<AgentName, AgentGraph>();
  return {
    checkpointer,
    graph(agent) {
      let g = graphs.get(agent);
      if (!g) {
        g = getAgent(agent).build(checkpointer);
        graphs.set(agent, g);
      }
      return g;
    },
  };
}
