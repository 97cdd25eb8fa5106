/**
 * The text routing model: queue and priority of a ticket from its subject and body (any
 * language), fitted on routing cases. models/fit.ts calls `fitRoutingModel`; the
 * service-routing agent calls `predictRouting`.
 */
export { fitRoutingModel, TEXT_LEARNER, DEFAULT_VOCAB_OPTIONS, type FitRoutingOptions } from "./fit.ts";
export { predictRouting, TOP_FACTORS } from "./predict.ts";
export { normalizeText, tokenize, charNgrams, MAX_TOKENS, MAX_WORD_CHARS } from "./tokenize.ts";
export { ticketTerms, DEFAULT_TERM_OPTIONS, type TicketTerms, type TermOptions } from "./features.ts";
export { fitVocabulary, indexVocabulary, vectorize, type Vocabulary, type SparseRow } from "./vectorize.ts";
export { classScores, stratifiedFolds, type ClassScores, type LabelScore } from "./scores.ts";
export { parseTextParams, TEXT_PARAMS_SCHEMA, type TextRoutingParams } from "./params.ts";
