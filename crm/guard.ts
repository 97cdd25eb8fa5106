import { AppError } from "../core/errors.ts";
import { validateActionParams } from "./action-params.ts";
import type { CrmPort, FieldPolicy, PeopleQuery } from "./port.ts";
import type { AccountContext, ActionResult, ExistingPerson, LeadContext, ProposedAction, Rep, TicketContext } from "./types.ts";

/**
 * Field-level rules, enforced in the port so neither a tool nor a prompt can get around
 * them: the agent only ever holds a guarded port, whose reads come back with denied fields
 * removed and whose writes refuse action kinds the agent may not apply.
 *
 * Paths are dotted, rooted at what a method returns: `account.*`, `usage.*`, `tickets.*`,
 * `events.*` (account context), `lead.*`, `activities.*`, `ticket.*`, `customer.*`,
 * `person.*` (findPeople results) and `rep.*` (listReps). Arrays are transparent
 * (`tickets.body` is every ticket's body). A segment may hold `*` wildcards
 * (`account.attributes.*card*`), `**` matches any number of segments, and matching ignores
 * case, so attribute keys spelled any way are caught.
 */
export interface GuardedPort extends CrmPort {
  readonly policy: FieldPolicy;
  /** Every leaf path returned to the agent so far (sorted, deduplicated), for the decision log. */
  fieldsRead(): string[];
}

type Matcher = (segments: string[]) => boolean;

/** Compile dotted glob patterns into one matcher. */
export function compileDenyList(patterns: string[]): Matcher {
  const compiled = patterns.map((p) => p.split(".").map(segmentMatcher));
  return (segments) => compiled.some((pat) => matchSegments(pat, 0, segments, 0));
}

type SegMatch = "**" | RegExp;

function segmentMatcher(seg: string): SegMatch {
  if (seg === "**") return "**";
  const body = seg.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`, "i");
}

function matchSegments(pat: SegMatch[], pi: number, segs: string[], si: number): boolean {
  if (pi === pat.length) return si === segs.length;
  const p = pat[pi];
  if (p === "**") {
    for (let k = si; k <= segs.length; k++) if (matchSegments(pat, pi + 1, segs, k)) return true;
    return false;
  }
  const s = segs[si];
  return s !== undefined && p !== undefined && p.test(s) && matchSegments(pat, pi + 1, segs, si + 1);
}

/**
 * A deep copy of `value` without denied paths; every leaf kept is added to `read`.
 * Copying (never mutating the inner adapter's objects) means nothing denied can be reached
 * through a shared reference either.
 */
export function redact(value: unknown, path: string[], denied: Matcher, read: Set<string>): unknown {
  return redactAt(value, pathRoot(denied, path), read);
}

/**
 * One path seen under a deny list, with its verdict and dotted name worked out once.
 * Reads repeat the same paths (every usage row, every case), so the trie turns the glob
 * matching and string joins into a map lookup per key; verdicts are pure functions of the
 * path, so sharing them across ports of the same policy changes nothing.
 */
interface PathNode {
  segments: string[];
  dotted: string;
  denied: boolean;
  children: Map<string, PathNode> | undefined;
  matcher: Matcher;
}

/** Attribute keys come from any CRM: stop caching (not matching) past this many paths. */
const MAX_CACHED_PATHS = 50_000;
let cachedPaths = 0;

function pathRoot(matcher: Matcher, segments: string[]): PathNode {
  return { segments, dotted: segments.join("."), denied: false, children: undefined, matcher };
}

function childOf(node: PathNode, key: string): PathNode {
  const hit = node.children?.get(key);
  if (hit) return hit;
  const segments = [...node.segments, key];
  const child: PathNode = { segments, dotted: node.dotted === "" ? key : `${node.dotted}.${key}`, denied: node.matcher(segments), children: undefined, matcher: node.matcher };
  if (cachedPaths < MAX_CACHED_PATHS) {
    cachedPaths++;
    (node.children ??= new Map()).set(key, child);
  }
  return child;
}

function redactAt(value: unknown, node: PathNode, read: Set<string>): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = redactAt(value[i], node, read);
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const child = childOf(node, k);
      if (child.denied) continue;
      out[k] = redactAt((value as Record<string, unknown>)[k], child, read);
    }
    return out;
  }
  if (value !== undefined) read.add(node.dotted);
  return value;
}

/** Compiled deny lists (and their path tries) by pattern list: policies repeat per run. */
const compiledPolicies = new Map<string, { matcher: Matcher; roots: Map<string, PathNode> }>();

function compiledFor(denyRead: readonly string[]): { matcher: Matcher; roots: Map<string, PathNode> } {
  const key = denyRead.join("\n");
  let hit = compiledPolicies.get(key);
  if (!hit) {
    // Per-tenant policies are few; if something churns through many, start over.
    if (compiledPolicies.size >= 64) {
      compiledPolicies.clear();
      cachedPaths = 0;
    }
    hit = { matcher: compileDenyList([...denyRead]), roots: new Map() };
    compiledPolicies.set(key, hit);
  }
  return hit;
}

/** Wrap any CrmPort (live or sandbox) with an agent's field policy. */
export function guardPort(inner: CrmPort, policy: FieldPolicy): GuardedPort {
  // Copied and frozen: loosening the caller's policy object later changes nothing here.
  const frozen: FieldPolicy = Object.freeze({ agent: policy.agent, denyRead: Object.freeze([...policy.denyRead]) as string[], allowWrite: Object.freeze([...policy.allowWrite]) as FieldPolicy["allowWrite"] });
  const compiled = compiledFor(frozen.denyRead);
  const allowed = new Set<string>(frozen.allowWrite);
  const read = new Set<string>();
  const rootNode = (root: string): PathNode => {
    let node = compiled.roots.get(root);
    if (!node) {
      node = pathRoot(compiled.matcher, root === "" ? [] : [root]);
      compiled.roots.set(root, node);
    }
    return node;
  };
  /** Each top-level key of a context is its own root (`account`, `usage`…). */
  const clean = <T>(value: T, root?: string): T => redactAt(value, rootNode(root ?? ""), read) as T;

  return {
    mode: inner.mode,
    asOf: inner.asOf,
    policy: frozen,
    fieldsRead: () => [...read].sort(),
    async getAccountContext(accountId: string): Promise<AccountContext | undefined> {
      const ctx = await inner.getAccountContext(accountId);
      return ctx && clean(ctx);
    },
    async getLeadContext(leadId: string): Promise<LeadContext | undefined> {
      const ctx = await inner.getLeadContext(leadId);
      return ctx && clean(ctx);
    },
    async getTicketContext(ticketId: string): Promise<TicketContext | undefined> {
      const ctx = await inner.getTicketContext(ticketId);
      return ctx && clean(ctx);
    },
    async findPeople(query: PeopleQuery): Promise<ExistingPerson[]> {
      return clean(await inner.findPeople(query), "person");
    },
    async listReps(role: Rep["role"]): Promise<Rep[]> {
      return clean(await inner.listReps(role), "rep");
    },
    // Pool keys and rep ids only: nothing a field rule governs.
    lastAssignees: () => inner.lastAssignees(),
    async applyAction(action: ProposedAction, idempotencyKey: string): Promise<ActionResult> {
      if (!allowed.has(action.kind)) {
        throw new AppError("FIELD_FORBIDDEN", `Agent ${frozen.agent} may not apply ${String(action.kind)}`, {
          agent: frozen.agent,
          kind: action.kind,
          allowed: [...frozen.allowWrite],
        });
      }
      // Same contract for every adapter: a replay fails where a live run would.
      validateActionParams(action);
      return inner.applyAction(action, idempotencyKey);
    },
  };
}
