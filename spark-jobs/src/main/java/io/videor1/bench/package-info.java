/**
 * Benchmarks run by {@code videor1 bench}: one process, medians of repeated runs, ratios against a peer or target; and
 * the paired comparison of the temporal modes over whole RL runs on many seeds ({@code bench temporal}).
 */
package io.videor1.bench;
