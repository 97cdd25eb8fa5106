/** Operations of an OpenAPI document, for table-driven tests (roles, fuzz). */
export interface Operation {
  method: string;
  path: string;
  roles: string[];
  op: Record<string, unknown>;
}

export type OpenApiDoc = { openapi: string; info: Record<string, unknown>; paths: Record<string, Record<string, Record<string, unknown>>>; components?: Record<string, Record<string, unknown>> };

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const roles = Array.isArray(op["x-roles"]) ? (op["x-roles"] as string[]) : [];
      out.push({ method, path, roles, op });
    }
  }
  return out;
}

/** A concrete URL for a templated path: ids become `value`, queues a real queue name. */
export function fillPath(path: string, value = "x-1"): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "queue" ? "agent-runs" : encodeURIComponent(value)));
}
