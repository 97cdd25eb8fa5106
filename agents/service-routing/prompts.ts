import { z } from "zod";
import type { Ticket } from "../../cases/schema.ts";
import type { Citation } from "../shared/decision.ts";

/**
 * Prompts and reply templates of the service-routing agent. Versioned: the decision record
 * stores which version drafted a reply. The offline drafter is deterministic (same ticket,
 * same reply), so replays and tests are reproducible; the LLM prompts are used only when
 * an OpenAI-compatible server is configured.
 */
export const PROMPT_VERSION = "service-routing/reply-v1";
export const CLASSIFY_PROMPT_VERSION = "service-routing/classify-v1";

/** What a reply is drafted from. */
export interface ReplyArgs {
  ticket: Pick<Ticket, "id" | "subject" | "body" | "language">;
  /** The queue the ticket is routed to. */
  queue: string;
  priority?: string | undefined;
  escalated: boolean;
  citations: Citation[];
}

/** One language's reply template; `{x}` placeholders are filled by `renderReply`. */
interface ReplyTemplate {
  greeting: string;
  thanks: string;
  /** With `{subject}`; used when the ticket has a subject. */
  about: string;
  routed: string;
  escalated: string;
  urgent: string;
  articles: string;
  closing: string;
}

/** Reply templates by ISO 639-1 code; add a language by adding an entry. */
export const REPLY_TEMPLATES: Record<string, ReplyTemplate> = {
  en: {
    greeting: "Hello,",
    thanks: "thank you for contacting us.",
    about: 'We have received your request "{subject}" (ticket {id}).',
    routed: "It is now with our {queue} team, who will get back to you.",
    escalated: "Given the importance of your request, a senior specialist is taking it personally.",
    urgent: "We have marked it as {priority} priority.",
    articles: "In the meantime, these articles may help:",
    closing: "Kind regards,\nYour support team",
  },
  de: {
    greeting: "Guten Tag,",
    thanks: "vielen Dank für Ihre Nachricht.",
    about: 'Wir haben Ihre Anfrage „{subject}" (Ticket {id}) erhalten.',
    routed: "Sie liegt jetzt bei unserem Team {queue}, das sich bei Ihnen meldet.",
    escalated: "Aufgrund der Wichtigkeit Ihres Anliegens kümmert sich ein erfahrener Spezialist persönlich darum.",
    urgent: "Wir haben sie mit der Priorität {priority} versehen.",
    articles: "Bis dahin helfen Ihnen vielleicht diese Artikel:",
    closing: "Mit freundlichen Grüßen\nIhr Support-Team",
  },
};

const HIGH_PRIORITIES = new Set(["high", "urgent", "critical"]);
const MAX_SUBJECT_CHARS = 120;

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? "");

/** Which template a ticket gets, and why when it is not the ticket's own language. */
export function replyLanguage(language: string | undefined): { language: string; note?: string } {
  const code = language?.trim().toLowerCase().slice(0, 2);
  if (code && REPLY_TEMPLATES[code]) return { language: code };
  return { language: "en", note: code ? `no reply template for "${code}": drafted in English` : "ticket language unknown: drafted in English" };
}

/** Draft a reply offline: deterministic, in the ticket's language when a template exists. */
export function renderReply(args: ReplyArgs): { text: string; language: string; note?: string } {
  const chosen = replyLanguage(args.ticket.language);
  const t = REPLY_TEMPLATES[chosen.language] as ReplyTemplate;
  const subject = (args.ticket.subject ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_SUBJECT_CHARS);
  const vars = { subject, id: args.ticket.id, queue: args.queue, priority: args.priority ?? "" };
  const lines = [`${t.greeting}`, "", `${t.thanks} ${subject ? fill(t.about, vars) : ""}`.trim(), fill(t.routed, vars)];
  if (args.escalated) lines.push(t.escalated);
  if (args.priority && HIGH_PRIORITIES.has(args.priority.toLowerCase())) lines.push(fill(t.urgent, vars));
  if (args.citations.length > 0) {
    lines.push("", t.articles);
    args.citations.forEach((c, i) => lines.push(`[${i + 1}] ${c.title ?? c.document}${c.heading ? ` — ${c.heading}` : ""}`));
  }
  lines.push("", t.closing);
  return { text: lines.join("\n"), language: chosen.language, ...(chosen.note ? { note: chosen.note } : {}) };
}

/** Longest ticket text sent to an LLM; the head says what the ticket is about. */
export const MAX_PROMPT_TEXT = 6_000;
const clip = (s: string | undefined) => (s ?? "").slice(0, MAX_PROMPT_TEXT);

/** System + user messages for the LLM reply drafter (never sent by the agent). */
export function renderReplyPrompt(args: ReplyArgs): { role: "system" | "user"; content: string }[] {
  const lang = replyLanguage(args.ticket.language).language;
  const sources = args.citations.map((c, i) => `[${i + 1}] ${c.title ?? c.document}: ${c.snippet}`).join("\n");
  return [
    {
      role: "system",
      content: [
        "<role>You draft a first reply to a customer support ticket for a human agent to review. It is never sent automatically.</role>",
        `<rules>Write in the language with ISO code "${lang}". Be brief, polite and concrete. Do not promise refunds, dates or fixes.`,
        "Cite knowledge-base sources only from <sources>, as [n]. If none apply, cite none.</rules>",
      ].join("\n"),
    },
    {
      role: "user",
      content: [
        `<ticket id="${args.ticket.id}">\n<subject>${clip(args.ticket.subject)}</subject>\n<body>${clip(args.ticket.body)}</body>\n</ticket>`,
        `<routing queue="${args.queue}" priority="${args.priority ?? "unknown"}" escalated="${args.escalated}"/>`,
        `<sources>\n${sources}\n</sources>`,
      ].join("\n"),
    },
  ];
}

/** The LLM drafter's structured answer. */
export const LlmReply = z.object({
  reply: z.string().min(1).max(4_000).describe("The reply to the customer, in the requested language, ready for a person to review."),
  citedSources: z.array(z.number().int().min(1)).max(10).describe("Numbers [n] of the <sources> the reply relies on; empty when none."),
});
export type LlmReply = z.infer<typeof LlmReply>;

/** Messages for zero-shot classification when there is no fitted model. */
export function renderClassifyPrompt(
  ticket: Pick<Ticket, "subject" | "body" | "language">,
  queues: readonly string[],
  priorities: readonly string[],
): { role: "system" | "user"; content: string }[] {
  const queueRule = queues.length
    ? `Pick "queue" exactly from: ${queues.map((q) => JSON.stringify(q)).join(", ")}.`
    : 'Name the support team ("queue") in two to four words, e.g. "Billing and Payments".';
  return [
    {
      role: "system",
      content: [
        "<role>You route customer support tickets. Tickets may be in any language.</role>",
        `<rules>${queueRule} Pick "priority" from: ${priorities.join(", ")}.`,
        "Give a confidence between 0 and 1 and a one-sentence rationale in English.</rules>",
      ].join("\n"),
    },
    {
      role: "user",
      content: `<ticket language="${ticket.language ?? "unknown"}">\n<subject>${clip(ticket.subject)}</subject>\n<body>${clip(ticket.body)}</body>\n</ticket>`,
    },
  ];
}
