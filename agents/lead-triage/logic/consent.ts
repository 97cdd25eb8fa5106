import type { Attributes } from "../../../cases/schema.ts";
import type { ActionKind } from "../../../crm/types.ts";

/**
 * Consent read from whatever column a CRM uses: "Do Not Email" = "Yes" (X Education),
 * `HasOptedOutOfEmail` = true (Salesforce), `do_not_call` = 1… Field names are configured;
 * they are compared without case, spaces or punctuation so small spelling drift still counts.
 */
export interface ConsentSettings {
  /** Attribute names meaning "do not email" when truthy. */
  doNotEmailFields: string[];
  /** Attribute names meaning "do not call" when truthy. */
  doNotCallFields: string[];
  /** String values that mean yes (compared lowercased). */
  truthyValues: string[];
  /** Action kinds that contact the lead by email / by phone. */
  emailActions: ActionKind[];
  callActions: ActionKind[];
}

export const DEFAULT_CONSENT: ConsentSettings = {
  doNotEmailFields: ["Do Not Email", "doNotEmail", "HasOptedOutOfEmail", "email_opt_out", "emailOptOut"],
  doNotCallFields: ["Do Not Call", "doNotCall", "DoNotCall", "call_opt_out"],
  truthyValues: ["yes", "y", "true", "1", "opted out", "opt out", "opt-out"],
  emailActions: ["draft_email"],
  callActions: ["call"],
};

export interface Consent {
  email: boolean;
  call: boolean;
  /** Why email is closed, naming the field and value: "Do Not Email = Yes". */
  emailReason?: string | undefined;
  /** Why calls are closed: "Do Not Call = true". */
  callReason?: string | undefined;
}

const fieldKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

function truthy(v: Attributes[string], s: ConsentSettings): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v === 1;
  if (typeof v === "string") return s.truthyValues.includes(v.trim().toLowerCase());
  return false;
}

function firstHit(attrs: Attributes, fields: string[], s: ConsentSettings): string | undefined {
  const wanted = new Set(fields.map(fieldKey));
  for (const [k, v] of Object.entries(attrs)) {
    if (wanted.has(fieldKey(k)) && truthy(v, s)) return `${k} = ${String(v)}`;
  }
  return undefined;
}

/** Which channels the lead allows. Missing fields mean no objection recorded. */
export function readConsent(attributes: Attributes | undefined, s: ConsentSettings = DEFAULT_CONSENT): Consent {
  const attrs = attributes ?? {};
  const noEmail = firstHit(attrs, s.doNotEmailFields, s);
  const noCall = firstHit(attrs, s.doNotCallFields, s);
  return { email: noEmail === undefined, call: noCall === undefined, emailReason: noEmail, callReason: noCall };
}

/** The consent reason that forbids this action kind, or undefined when it is allowed. */
export function consentBlocks(kind: ActionKind, consent: Consent, s: ConsentSettings = DEFAULT_CONSENT): string | undefined {
  if (!consent.email && s.emailActions.includes(kind)) {
    return `lead opted out of email (${consent.emailReason ?? "do-not-email"})`;
  }
  if (!consent.call && s.callActions.includes(kind)) {
    return `lead opted out of calls (${consent.callReason ?? "do-not-call"})`;
  }
  return undefined;
}
