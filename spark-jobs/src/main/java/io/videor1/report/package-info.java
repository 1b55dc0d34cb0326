/**
 * {@code videor1 report}: one self-contained HTML page (charts inlined as PNG) of a training run, or of two side by
 * side: rewards, reward histograms, temporal win rate, accuracy by problem type, completion lengths, KL, step time by
 * stage, and the resolved configuration. The ledger is aggregated in Spark; only small results reach the driver.
 */
package io.videor1.report;
