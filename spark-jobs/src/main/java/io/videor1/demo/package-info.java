/**
 * {@code videor1 demo}: the whole method on the embedded synthetic dataset in local Spark — data, curation, SFT,
 * T-GRPO and GRPO, held-out evaluation with true and shuffled frames, summary.json and reward curves.
 */
package io.videor1.demo;
