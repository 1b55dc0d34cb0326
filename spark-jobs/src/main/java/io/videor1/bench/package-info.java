/** Benchmarks run by {@code videor1 bench}: one process, medians of repeated runs, ratios against a peer or target. */
package io.videor1.bench;
