import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { Lead } from "../../cases/schema.ts";
import type { CrmPort } from "../../crm/port.ts";
import { matchAccount, type AccountMatch } from "./account-match.ts";
import { DEFAULT_DEDUPE, findDuplicates, type DedupeSettings, type DuplicateMatch } from "./dedupe.ts";
import { normalizeLead, type NormalizedLead } from "./normalize.ts";

/** How many candidates to ask the port for: enough for exact hits plus look-alikes. */
const CANDIDATES = 50;

/**
 * Business logic: normalise the lead, ask the port for people sharing a key or looking
 * alike, and keep those that really match, best first. When no person matches, the
 * company alone may still tie the lead to an existing account (lead-to-account matching).
 */
export async function findLeadDuplicates(
  port: CrmPort,
  lead: Lead,
  settings: DedupeSettings = DEFAULT_DEDUPE,
): Promise<{ normalized: NormalizedLead; matches: DuplicateMatch[]; account?: AccountMatch | undefined }> {
  const normalized = normalizeLead(lead);
  const { email, phone, company, name } = normalized;
  if (!email && !phone && !company) return { normalized, matches: [] };
  let matches: DuplicateMatch[] = [];
  if (email || phone || (name && company)) {
    // Also the address as typed (lowercased): a CRM that does not fold Gmail dots stores it that way.
    const typed = lead.email?.trim().toLowerCase();
    const people = await port.findPeople({
      excludeId: lead.id,
      emails: [...new Set([email, typed].filter((e): e is string => Boolean(e)))],
      phones: phone ? [phone] : [],
      company,
      name,
      limit: CANDIDATES,
    });
    matches = findDuplicates(normalized, people, settings);
  }
  if (matches.length > 0 || !company) return { normalized, matches };
  const colleagues = await port.findPeople({ excludeId: lead.id, emails: [], phones: [], company, limit: CANDIDATES });
  return { normalized, matches, account: matchAccount(company, colleagues, settings.companyThreshold) };
}

export const FindLeadDuplicatesInput = z.object({
  id: z.string().min(1).max(200).describe("The CRM id of the lead being checked (it is never matched to itself)."),
  name: z.string().max(300).optional().describe("The person's full name, any word order."),
  email: z.string().max(320).optional().describe("Email as entered; case and plus-addressing are normalised."),
  phone: z.string().max(50).optional().describe("Phone in any format; national numbers are read in `country`."),
  company: z.string().max(300).optional().describe("Company name as entered; legal suffixes like Inc or GmbH are ignored."),
  country: z.string().max(100).optional().describe("Country name or ISO code, used as the phone's default region."),
});

/**
 * `find_lead_duplicates`: existing leads/contacts this lead duplicates, with the match type
 * (exact email/phone or fuzzy name + company), a score and a one-line reason.
 */
export function findLeadDuplicatesTool(port: CrmPort, settings: DedupeSettings = DEFAULT_DEDUPE) {
  return tool(async (input) => (await findLeadDuplicates(port, input, settings)).matches, {
    name: "find_lead_duplicates",
    description:
      "Check whether a new lead is someone already in the CRM. Returns matches best first: resolution 'merge' for exact " +
      "email/phone matches, 'link' for look-alikes a person should confirm. An empty list means no duplicate. Pass every " +
      "contact field you have; with no email, phone or name + company there is nothing to match on.",
    schema: FindLeadDuplicatesInput,
  });
}
