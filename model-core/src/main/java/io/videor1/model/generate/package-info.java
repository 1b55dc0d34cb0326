/**
 * Sampling: G completions per prompt from one shared prefill, temperature / top-p / top-k / greedy, and per-sample
 * random streams derived from (seed, step, prompt, sample) so every completion can be replayed. The token a uniform
 * maps to is defined by the sorting reference ({@code SortingSampler}); the selection path ({@code BinnedRow},
 * {@code SelectionSampler}) finds the same token in a few passes over the row and defers to the reference wherever it
 * cannot prove it. {@code Generator.generateBatch} decodes several prompts' groups in one batch, each step padded to a
 * multiple of {@code Generator.ROW_QUANTUM} rows so a group's tokens do not depend on what shares its batch.
 */
package io.videor1.model.generate;
