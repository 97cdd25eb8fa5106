import { z } from "zod";
import { parseAgentSettings } from "../../shared/policy-config.ts";
import { DEFAULT_ASSIGNMENT, type AssignmentSettings } from "../../../tools/lead/assign.ts";
import { DEFAULT_CONSENT, type ConsentSettings } from "./consent.ts";
import { DEFAULT_DEDUPE, type DedupeSettings } from "../../../tools/lead/dedupe.ts";
import { DEFAULT_GRADE_CUTOFFS, type GradeCutoffs } from "./grade.ts";

/**
 * Lead-triage knobs, read from the agent policy's free-form `settings` (policy file for the
 * CLI, tenant settings live). Everything has a default; a bad value fails with every
 * problem listed, before any lead is touched.
 */
const ACTION_KINDS = [
  "create_task", "draft_email", "schedule_meeting", "offer_discount", "assign_owner", "merge_record",
  "link_record", "route_ticket", "draft_reply", "escalate", "call",
] as const;
const unit = z.number().min(0).max(1);

const LeadTriageSettingsSchema = z.object({
  grades: z
    .object({ A: unit, B: unit, C: unit })
    .refine((g) => g.A > g.B && g.B > g.C, "grade cut-offs must decrease: A > B > C")
    .default(DEFAULT_GRADE_CUTOFFS),
  consent: z
    .object({
      doNotEmailFields: z.array(z.string()).default(DEFAULT_CONSENT.doNotEmailFields),
      doNotCallFields: z.array(z.string()).default(DEFAULT_CONSENT.doNotCallFields),
      truthyValues: z.array(z.string()).default(DEFAULT_CONSENT.truthyValues),
      emailActions: z.array(z.enum(ACTION_KINDS)).default(DEFAULT_CONSENT.emailActions),
      callActions: z.array(z.enum(ACTION_KINDS)).default(DEFAULT_CONSENT.callActions),
    })
    .default(DEFAULT_CONSENT),
  assignment: z
    .object({
      role: z.enum(["sales", "support", "cs"]).default(DEFAULT_ASSIGNMENT.role),
      regions: z.record(z.string(), z.array(z.string())).default({}),
      territoryFields: z.array(z.string()).default([]),
      // null switches the requirement off.
      productField: z.string().nullable().default("product").transform((v) => v ?? undefined),
      languageField: z.string().nullable().default("language").transform((v) => v ?? undefined),
    })
    .default(() => ({ ...DEFAULT_ASSIGNMENT, productField: "product", languageField: "language" })),
  dedupe: z
    .object({
      nameThreshold: unit.default(DEFAULT_DEDUPE.nameThreshold),
      companyThreshold: unit.default(DEFAULT_DEDUPE.companyThreshold),
      conflictingNameBelow: unit.default(DEFAULT_DEDUPE.conflictingNameBelow),
    })
    .default(DEFAULT_DEDUPE),
  /** Grades that get a drafted first-touch email (others are graded and assigned only). */
  firstTouchGrades: z.array(z.enum(["A", "B", "C", "D"])).default(["A", "B", "C"]),
  /** Grades that also get a call within 24 hours. */
  callGrades: z.array(z.enum(["A", "B", "C", "D"])).default(["A"]),
});

/** Parsed lead-triage settings, every default filled in. */
export interface LeadTriageSettings {
  grades: GradeCutoffs;
  consent: ConsentSettings;
  assignment: AssignmentSettings;
  dedupe: DedupeSettings;
  firstTouchGrades: ("A" | "B" | "C" | "D")[];
  callGrades: ("A" | "B" | "C" | "D")[];
}

/** Parse `policy.settings` for lead triage; throws CONFIG_INVALID listing every problem. */
export function parseLeadTriageSettings(raw: Record<string, unknown> | undefined): LeadTriageSettings {
  return parseAgentSettings("lead-triage", LeadTriageSettingsSchema, raw);
}
