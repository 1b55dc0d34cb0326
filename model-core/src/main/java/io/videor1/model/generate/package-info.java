/**
 * Sampling: G completions per prompt from one shared prefill, temperature / top-p / top-k / greedy, and per-sample
 * random streams derived from (seed, step, prompt, sample) so every completion can be replayed.
 */
package io.videor1.model.generate;
