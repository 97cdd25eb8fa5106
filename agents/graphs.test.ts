import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { AGENT_NAMES } from "../cases/schema.ts";
import { getAgent } from "./index.ts";

/** Regenerate every agent's drawing after changing a graph: `npx vitest run agents/graphs.test.ts -u` */
const REGENERATE = "agents/<name>/graph.mmd is stale: npx vitest run agents/graphs.test.ts -u";

describe("each agent's committed graph drawing", () => {
  for (const agent of AGENT_NAMES) {
    it(`${agent}: graph.mmd is the compiled graph's drawMermaid()`, async () => {
      // Given the agent's compiled graph
      const graph = getAgent(agent).build(new MemorySaver());
      // When LangGraph draws it
      const mermaid = (await graph.getGraphAsync()).drawMermaid();
      // Then it is the drawing committed beside the agent
      await expect(mermaid, REGENERATE).toMatchFileSnapshot(`./${agent}/graph.mmd`);
    });
  }
});
