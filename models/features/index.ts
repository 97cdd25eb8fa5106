/** Feature extraction from CRM contexts: generic, readable names, nothing after `asOf`. */
export { renewalFeatures } from "./renewal.ts";
export { leadFeatures, emailDomainType, titleSeniority } from "./lead.ts";
export { normalizeValue } from "./values.ts";

/**
 * Per-type count columns exist only in rows that had that type; elsewhere they mean 0,
 * not "unknown". The tabular encoder asks this when it builds the column schema.
 */
export function zeroWhenAbsent(name: string): boolean {
  return /^events\.(?!count$|last90d$|daysSinceLast$)/.test(name) || /^activities\..+\.(count|value)$/.test(name);
}
