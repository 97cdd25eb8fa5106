import type { AgentName } from "../cases/schema.ts";

/**
 * Contracts of the decision models. Agents only depend on these types and on the
 * functions exported by `models/index.ts`; how a model is fitted stays inside `models/`.
 */

/** A generic feature row: names are readable ("contractTerm", "usage.trend30d", any attribute name). */
export type FeatureValue = number | string | boolean | null;
export type FeatureRow = Record<string, FeatureValue>;

/** A signed contribution a person can read: "contractTerm = monthly" +0.42 (log-odds). */
export interface Factor {
  feature: string;
  contribution: number;
}

export interface BinaryScore {
  /** Calibrated probability of the positive outcome (churn, conversion). */
  probability: number;
  /** Raw model margin (log-odds) before calibration. */
  logit: number;
  /** Largest |contribution| first. */
  topFactors: Factor[];
}

export interface ClassPrediction {
  label: string;
  probability: number;
  /** Other labels, most likely first. */
  alternatives: { label: string; probability: number }[];
  /** Terms / features that pushed toward `label`. */
  topFactors: Factor[];
}

export interface RoutingPrediction {
  queue: ClassPrediction;
  priority?: ClassPrediction | undefined;
}

/** Training summary stored in the model file. */
export interface TrainingReport {
  cases: number;
  positives?: number;
  /** Cross-validated metrics on the training cases (AUC for binary, accuracy for routing). */
  cv: Record<string, number>;
  /** Free-form notes (e.g. "labels carry no signal: CV AUC 0.50 ± 0.01"). */
  notes: string[];
}

interface ModelFileBase {
  format: "scenario-model/1";
  /** Version id derived from the training data and parameters (same inputs = same id). */
  id: string;
  agent: AgentName;
  learner: string;
  training: TrainingReport;
}

export interface BinaryModelFile extends ModelFileBase {
  kind: "binary";
  /** Alert threshold on the calibrated probability, and how it was chosen. */
  threshold: number;
  thresholdRule: string;
  /** Learner-specific, self-contained parameters (feature schema, trees/weights, calibration). */
  params: unknown;
}

export interface RoutingModelFile extends ModelFileBase {
  kind: "routing";
  queues: string[];
  priorities: string[];
  params: unknown;
}

export type ModelFile = BinaryModelFile | RoutingModelFile;
