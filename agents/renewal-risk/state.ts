import { Annotation } from "@langchain/langgraph";
import type { AccountContext } from "../../crm/types.ts";
import { CommonState, keepLast, type CommonStateValues } from "../shared/state.ts";

/** Renewal-risk state: the common channels plus the account context it loaded. */
export const RenewalState = Annotation.Root({
  ...CommonState,
  /** The account, its usage, tickets and events as of `asOf` (field rules applied). */
  context: Annotation<AccountContext | null>({ reducer: keepLast, default: () => null }),
});

export type RenewalStateValues = CommonStateValues & { context: AccountContext | null };
