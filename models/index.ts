/**
 * The decision models' public API. Agents depend only on this module and models/types.ts.
 *
 * - features: `renewalFeatures`, `leadFeatures` turn a CRM context at `asOf` into a FeatureRow
 * - fitting: `fitModel` (any agent) → a versioned, self-contained ModelFile
 * - scoring: `scoreBinary` (probability + top factors), `explainBinary` (every factor),
 *   `predictRouting` (service routing, from models/text)
 * - files: `saveModel`, `loadModel`, `parseModel`
 */
export { renewalFeatures, leadFeatures } from "./features/index.ts";
export { fitModel, type FitOptions } from "./fit.ts";
export { scoreBinary, explainBinary, type FullExplanation } from "./score.ts";
export { saveModel, loadModel, parseModel } from "./io.ts";
export { predictRouting } from "./text/index.ts";
export type * from "./types.ts";
