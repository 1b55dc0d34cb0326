package io.videor1.train;

import java.io.Serializable;

/**
 * What one Spark task of a training step sends on: a chunk of its summed gradient, or (under a reserved key) its
 * small per-prompt results.
 *
 * @param partition the task's partition index, which fixes the order of summation
 * @param values the gradient chunk, or null for a summary
 * @param summary the task's results (losses, rewards, ledger rows), or null for a gradient chunk
 */
public record TaskPayload(int partition, float[] values, Serializable summary) implements Serializable {}
