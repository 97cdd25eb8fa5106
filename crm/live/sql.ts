/**
 * The live adapter's reads, as named constants. `$1` is always the tenant; dated history
 * is cut at the `asOf` instant (`$3`), exactly like cases/as-of.ts cuts a case snapshot.
 */
export const ACCOUNT_COLUMNS = `id, name, segment, industry, country, plan, tier, arr, seats, tenure_months,
  contract_term, renewal_date, auto_renew, payment_method, attributes`;

export const SELECT_ACCOUNT = `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE tenant_id = $1 AND id = $2`;

export const SELECT_USAGE = `SELECT date, metric, value FROM usage_events
  WHERE tenant_id = $1 AND account_id = $2 AND ts <= $3 ORDER BY ts, id`;

export const TICKET_COLUMNS = `id, account_id, subject, body, channel, language, priority, opened_at, closed_at,
  csat, escalated, attributes`;

export const SELECT_ACCOUNT_TICKETS = `SELECT ${TICKET_COLUMNS} FROM tickets
  WHERE tenant_id = $1 AND account_id = $2 AND opened_ts <= $3 ORDER BY opened_ts, id`;

export const SELECT_EVENTS = `SELECT at, type, detail FROM events
  WHERE tenant_id = $1 AND account_id = $2 AND ts <= $3 ORDER BY ts, id`;

export const SELECT_LEAD = `SELECT id, name, email, phone, company, title, source, country, city, created_at, attributes
  FROM leads WHERE tenant_id = $1 AND id = $2 AND (created_ts IS NULL OR created_ts <= $3)`;

export const SELECT_ACTIVITIES = `SELECT at, type, value, detail FROM activities
  WHERE tenant_id = $1 AND lead_id = $2 AND ts <= $3 ORDER BY ts, id`;

export const SELECT_TICKET = `SELECT ${TICKET_COLUMNS} FROM tickets
  WHERE tenant_id = $1 AND id = $2 AND opened_ts <= $3`;

/** Reps of one role with their open load: open tickets, open leads and open tasks they hold. */
/**
 * The rep of the latest applied owner assignment per round-robin pool, among the tenant's
 * last 1,000 assignments (index crm_actions_kind_idx): a pool idle for longer starts again
 * at its seeded turn.
 */
export const SELECT_LAST_ASSIGNEES = `
SELECT DISTINCT ON (pool) pool, owner FROM (
  SELECT params->>'roundRobinPool' AS pool, params->>'ownerId' AS owner, created_at
  FROM crm_actions WHERE tenant_id = $1 AND kind = 'assign_owner'
  ORDER BY created_at DESC LIMIT 1000
) recent
WHERE pool IS NOT NULL AND owner IS NOT NULL
ORDER BY pool, created_at DESC`;

export const SELECT_REPS = `
SELECT r.id, r.name, r.role, r.skills, r.languages, r.territories, r.senior, r.capacity,
  (SELECT count(*) FROM tickets t WHERE t.tenant_id = r.tenant_id AND t.assignee = r.id AND t.closed_ts IS NULL)
  + (SELECT count(*) FROM leads l WHERE l.tenant_id = r.tenant_id AND l.owner_id = r.id AND l.status = 'open')
  + (SELECT count(*) FROM tasks k WHERE k.tenant_id = r.tenant_id AND k.owner_id = r.id AND k.status = 'open') AS load
FROM reps r WHERE r.tenant_id = $1 AND r.role = $2 AND r.active ORDER BY r.id`;

export interface RepDbRow {
  id: string;
  name: string;
  role: "sales" | "support" | "cs";
  skills: string[];
  languages: string[];
  territories: string[];
  senior: boolean;
  capacity: number;
  load: string | number;
}

/**
 * Candidate duplicates, prefiltered in SQL (exact normalised email / phone tail, or a shared
 * prefix of company or name) and scored in TypeScript: pg_trgm is not available on PGlite.
 */
export const SELECT_PEOPLE_CANDIDATES = `
SELECT * FROM (
  SELECT 'lead' AS type, id, name, email, email_norm, phone, phone_norm, company, company_norm, NULL AS account_id, created_at, created_ts
    FROM leads WHERE tenant_id = $1 AND status <> 'merged'
  UNION ALL
  SELECT 'contact' AS type, c.id, c.name, c.email, c.email_norm, c.phone, c.phone_norm,
    coalesce(c.company, a.name) AS company, coalesce(c.company_norm, lower(a.name)) AS company_norm, c.account_id, c.created_at, c.created_ts
    FROM contacts c LEFT JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id WHERE c.tenant_id = $1
) p
WHERE p.id <> $2 AND (p.created_ts IS NULL OR p.created_ts <= $3)
  AND (p.email_norm = ANY($4::text[])
    OR right(p.phone_norm, 9) = ANY($5::text[])
    OR ($6::text IS NOT NULL AND left(p.company_norm, 4) = left($6::text, 4))
    OR ($7::text IS NOT NULL AND left(lower(p.name), 4) = left($7::text, 4)))
ORDER BY p.type, p.id
LIMIT 500`;

export interface PersonDbRow {
  type: "lead" | "contact";
  id: string;
  name: string | null;
  email: string | null;
  email_norm: string | null;
  phone: string | null;
  phone_norm: string | null;
  company: string | null;
  company_norm: string | null;
  account_id: string | null;
  created_at: string | null;
}
