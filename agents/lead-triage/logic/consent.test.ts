import { describe, expect, it } from "vitest";
import { consentBlocks, DEFAULT_CONSENT, readConsent } from "./consent.ts";

describe("readConsent", () => {
  it("reads the X Education columns 'Do Not Email' = 'Yes' / 'Do Not Call' = 'No'", () => {
    const c = readConsent({ "Do Not Email": "Yes", "Do Not Call": "No" });
    expect(c).toMatchObject({ email: false, call: true, emailReason: "Do Not Email = Yes" });
  });
  it("accepts booleans, 1 and spelling drift in field names", () => {
    expect(readConsent({ do_not_call: true }).call).toBe(false);
    expect(readConsent({ HasOptedOutOfEmail: 1 }).email).toBe(false);
    expect(readConsent({ "do not email": false, DoNotCall: "no" })).toMatchObject({ email: true, call: true });
  });
  it("treats missing attributes as no objection recorded", () => {
    expect(readConsent(undefined)).toMatchObject({ email: true, call: true });
  });
  it("uses configured field names instead of the defaults", () => {
    const s = { ...DEFAULT_CONSENT, doNotEmailFields: ["Newsletter Opt Out"] };
    expect(readConsent({ "Newsletter Opt Out": "Y" }, s).email).toBe(false);
    expect(readConsent({ "Do Not Email": "Yes" }, s).email).toBe(true);
  });
});

describe("consentBlocks", () => {
  it("blocks email actions for a do-not-email lead and call actions for a do-not-call lead", () => {
    const noEmail = readConsent({ "Do Not Email": "Yes" });
    expect(consentBlocks("draft_email", noEmail)).toBe("lead opted out of email (Do Not Email = Yes)");
    expect(consentBlocks("call", noEmail)).toBeUndefined();
    const noCall = readConsent({ "Do Not Call": "yes" });
    expect(consentBlocks("call", noCall)).toBe("lead opted out of calls (Do Not Call = yes)");
    expect(consentBlocks("assign_owner", noCall)).toBeUndefined();
  });
});
