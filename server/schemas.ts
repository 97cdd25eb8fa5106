import { z } from "@hono/zod-openapi";
import { REASON_CODES } from "../agents/shared/runtime-types.ts";
import { AGENT_NAMES } from "../cases/schema.ts";
import { QUEUE_NAMES } from "../queue/names.ts";

/**
 * Request and response schemas of the API. Requests are strict about what matters and
 * bounded everywhere (lengths, counts) so bad input is a 400 with field paths, never a
 * 500; responses are documented by their main fields and may carry more.
 */
// No control characters: ids end up in logs, SQL parameters and SSE lines.
const ID_RE = /^[^\u0000-\u001f\u007f]+$/;
export const Id = z.string().min(1).max(200).regex(ID_RE, "must not contain control characters");
export const Agent = z.enum(AGENT_NAMES);
export const SubjectType = z.enum(["account", "lead", "ticket"]);
export const Subject = z.object({ type: SubjectType, id: Id }).strict();
export const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const Limit = z.coerce.number().int().min(1).max(500).optional();

/** The agent for each kind of subject (one agent per kind today). */
export const AGENT_FOR_SUBJECT = { account: "renewal-risk", lead: "lead-triage", ticket: "service-routing" } as const;

export const IdParam = z.object({ id: Id.openapi({ param: { name: "id", in: "path" }, example: "run_01" }) });

export const StartRunBody = z
  .object({
    agent: Agent.optional().openapi({ description: "Defaults to the agent for the subject type" }),
    subject: Subject,
    asOf: Instant.optional(),
    idempotencyKey: z.string().min(1).max(200).regex(ID_RE).optional(),
  })
  .strict()
  .openapi("StartRun", { example: { subject: { type: "account", id: "A-1" } } });

export const RunViewSchema = z
  .looseObject({
    runId: z.string(),
    tenantId: z.string(),
    agent: Agent,
    subject: Subject,
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    decision: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
  })
  .openapi("Run");

export const ApprovalQuery = z.object({
  status: z.enum(["pending", "decided", "expired", "escalated"]).optional(),
  agent: Agent.optional(),
  limit: Limit,
});

const ParamValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export const DecideBody = z
  .object({
    answer: z.enum(["approve", "reject", "edit", "override"]),
    reasonCode: z.enum(REASON_CODES),
    reasonText: z.string().max(2_000).optional(),
    edits: z.record(Id, z.record(z.string().min(1).max(100), ParamValue)).optional(),
    override: z.object({ decision: z.string().min(1).max(100), score: z.number().min(0).max(1).optional() }).strict().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.answer === "edit" && (!b.edits || Object.keys(b.edits).length === 0)) ctx.addIssue({ code: "custom", path: ["edits"], message: "an edit needs new params per action id" });
    if (b.answer === "override" && !b.override) ctx.addIssue({ code: "custom", path: ["override"], message: "an override needs the replacement decision" });
  })
  .openapi("Decide", { example: { answer: "approve", reasonCode: "agree", reasonText: "QBR is the right call" } });

export const ApprovalSchema = z
  .looseObject({ id: z.string(), runId: z.string(), agent: Agent, status: z.string(), requiredRole: z.enum(["rep", "manager"]), dueAt: z.string(), reason: z.string() })
  .openapi("Approval");

export const DecisionQuery = z.object({
  agent: Agent.optional(),
  subjectType: SubjectType.optional(),
  subjectId: Id.optional(),
  status: z.enum(["running", "waiting_approval", "completed", "rejected", "overridden", "blocked", "failed", "expired"]).optional(),
  since: Instant.optional(),
  until: Instant.optional(),
  limit: Limit,
});

export const DecisionSchema = z
  .looseObject({ runId: z.string(), agent: Agent, subject: Subject, status: z.string(), decision: z.string(), score: z.number().nullable() })
  .openapi("Decision");

export const CRM_EVENT_TYPES = ["lead.created", "ticket.created", "account.updated"] as const;
export const CrmEventBody = z
  .object({
    id: Id,
    type: z.enum(CRM_EVENT_TYPES),
    occurredAt: Instant.optional(),
    data: z.looseObject({ id: Id }),
  })
  .openapi("CrmEvent", { example: { id: "evt_1", type: "lead.created", data: { id: "L-1" } } });

export const IngestBody = z
  .object({
    documents: z
      .array(
        z
          .object({
            name: z
              .string()
              .min(1)
              .max(200)
              .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only (it becomes a file name)"),
            title: z.string().max(500).optional(),
            text: z.string().min(1).optional().openapi({ description: "The document's text (Markdown, plain text or HTML, by the name's extension; Markdown when it has none)." }),
            contentBase64: z
              .string()
              .min(1)
              .regex(/^[A-Za-z0-9+/]+={0,2}$/, "standard base64, no line breaks")
              .optional()
              .openapi({ description: "The file's bytes, base64: for binary formats (a .pdf name). Exactly one of text and contentBase64. The request body limit (MAX_BODY_BYTES) applies; large files go through `scenario kb ingest`." }),
          })
          .strict()
          .refine((d) => (d.text === undefined) !== (d.contentBase64 === undefined), { message: "give exactly one of text and contentBase64", path: ["text"] }),
      )
      .min(1)
      .max(200),
    /** Access labels for these documents; none = visible to every role. */
    labels: z.array(z.string().min(1).max(100).regex(/^[\w.:-]+$/)).max(20).optional(),
  })
  .strict()
  .openapi("Ingest");

export const SearchQuery = z.object({
  q: z.string().min(1).max(1_000),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const FitBody = z.object({ agent: Agent, params: z.record(z.string(), z.unknown()).default({}) }).strict().openapi("Fit");
export const CompareQuery = z.object({ agent: Agent, a: Id, b: Id });
export const PromoteBody = z.object({ agent: Agent, version: Id.openapi({ description: "Model id (from GET /v1/models)" }) }).strict().openapi("Promote");
export const ModelsQuery = z.object({ agent: Agent.optional() });
export const EvalBody = z.object({ spec: z.record(z.string(), z.unknown()) }).strict().openapi("EvalRun");

export const QueueParam = z.enum(QUEUE_NAMES as [string, ...string[]]);
export const JobParams = z.object({
  queue: QueueParam.openapi({ param: { name: "queue", in: "path" } }),
  id: Id.openapi({ param: { name: "id", in: "path" } }),
});
export const DeadLetterQuery = z.object({ queue: QueueParam.optional(), limit: Limit });

export const JobSchema = z
  .object({
    queue: z.string(),
    id: z.string(),
    state: z.string(),
    attempts: z.number(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    failedReason: z.string().optional(),
    result: z.unknown().optional(),
  })
  .openapi("Job");
export const Accepted = z.looseObject({ jobId: z.string(), status: z.string() }).openapi("Accepted");
export const Json = z.record(z.string(), z.unknown());
