import { Annotation } from "@langchain/langgraph";
import type { AccountContext } from "../../crm/types.ts";
import { CommonState, keepLast } from "../shared/state.ts";

/** Renewal-risk state: the common channels plus the account context it loaded. */
export const RenewalState = Annotation.Root({
  ...CommonState,
  /** The account, its usage, tickets and events as of `asOf` (field rules applied). */
  context: Annotation<AccountContext | null>({ reducer: keepLast, default: () => null }),
});

/** The plain state object, derived from the annotations above. */
export type RenewalStateValues = typeof RenewalState.State;
