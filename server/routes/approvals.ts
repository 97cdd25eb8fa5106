import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../../core/errors.ts";
import { mayDecide } from "../auth.ts";
import type { AppEnv } from "../deps.ts";
import { secureRoute } from "../route.ts";
import { ApprovalQuery, ApprovalSchema, DecideBody, IdParam, RunViewSchema } from "../schemas.ts";

const list = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/",
  tags: ["approvals"],
  summary: "The approvals inbox, filtered by status and agent",
  request: { query: ApprovalQuery },
  responses: { 200: { description: "Approvals, newest first", content: { "application/json": { schema: z.object({ items: z.array(ApprovalSchema) }) } } } },
});

const getOne = secureRoute(["rep", "manager", "analyst", "admin"], {
  method: "get",
  path: "/{id}",
  tags: ["approvals"],
  summary: "One approval with its brief, evidence and proposed actions",
  request: { params: IdParam },
  responses: { 200: { description: "The approval", content: { "application/json": { schema: ApprovalSchema } } } },
});

const decide = secureRoute(["rep", "manager", "admin"], {
  method: "post",
  path: "/{id}/decision",
  tags: ["approvals"],
  summary: "Approve, reject, edit or override, with a reason",
  description:
    "A rep may decide only approvals whose `requiredRole` is `rep`; managers and admins decide any. Analysts cannot decide. Resumes the run and returns it.",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: DecideBody } } } },
  responses: { 200: { description: "The resumed run", content: { "application/json": { schema: RunViewSchema } } } },
});

export function approvalsRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(list, async (c) => {
    const items = await c.get("deps").runtime.listApprovals(c.get("principal").tenantId, c.req.valid("query"));
    return c.json({ items }, 200);
  });

  app.openapi(getOne, async (c) => {
    const { id } = c.req.valid("param");
    const approval = await c.get("deps").runtime.getApproval(c.get("principal").tenantId, id);
    if (!approval) throw new AppError("NOT_FOUND", `No approval ${id} in this tenant.`);
    return c.json(approval, 200);
  });

  app.openapi(decide, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const principal = c.get("principal");
    const { runtime } = c.get("deps");
    const approval = await runtime.getApproval(principal.tenantId, id);
    if (!approval) throw new AppError("NOT_FOUND", `No approval ${id} in this tenant.`);
    // Checked here as well as in the runtime, so the answer is a clear 403 before any work.
    if (!mayDecide(principal.role, approval.requiredRole)) {
      throw new AppError("FORBIDDEN", `This approval needs a ${approval.requiredRole}; your key has the role ${principal.role}.`, { requiredRole: approval.requiredRole });
    }
    const run = await runtime.decide({
      tenantId: principal.tenantId,
      approvalId: id,
      by: principal,
      answer: body.answer,
      reasonCode: body.reasonCode,
      reasonText: body.reasonText,
      edits: body.edits,
      override: body.override,
    });
    return c.json(run, 200);
  });

  return app;
}
