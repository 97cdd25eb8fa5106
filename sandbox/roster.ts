import type { Rep } from "../crm/types.ts";

/**
 * The default team the sandbox assigns to when a replay brings no roster: sales reps by
 * region and support agents per queue (one senior each), English and German speaking.
 * A `--roster <file.json>` (an array of Rep) replaces it.
 */
export function defaultRoster(queues: string[] = []): Rep[] {
  const sales: Rep[] = [
    { id: "rep-amer", name: "Amer Sales", role: "sales", skills: [], languages: ["en", "es"], territories: ["US", "CA", "MX", "BR", "AMER"], senior: false, capacity: 1_000_000, load: 0 },
    { id: "rep-emea", name: "Emea Sales", role: "sales", skills: [], languages: ["en", "de", "fr"], territories: ["DE", "FR", "GB", "ES", "IT", "NL", "EMEA"], senior: false, capacity: 1_000_000, load: 0 },
    { id: "rep-apac", name: "Apac Sales", role: "sales", skills: [], languages: ["en"], territories: ["IN", "India", "AU", "SG", "JP", "APAC"], senior: false, capacity: 1_000_000, load: 0 },
    { id: "rep-global", name: "Global Sales", role: "sales", skills: [], languages: ["en"], territories: [], senior: true, capacity: 1_000_000, load: 0 },
  ];
  const support: Rep[] = queues.flatMap((q, i) => [
    { id: `agent-${i * 2 + 1}`, name: `${q} agent`, role: "support" as const, skills: [q], languages: ["en", "de"], territories: [], senior: false, capacity: 1_000_000, load: 0 },
    { id: `agent-${i * 2 + 2}`, name: `${q} senior`, role: "support" as const, skills: [q], languages: ["en", "de"], territories: [], senior: true, capacity: 1_000_000, load: 0 },
  ]);
  return [...sales, ...support];
}
