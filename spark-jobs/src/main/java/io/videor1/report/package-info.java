/**
 * {@code videor1 report}: one self-contained HTML page (charts inlined as PNG) of a training run, or of several side by
 * side: rewards, reward histograms, temporal win rate, temporal scores and prompt weights, accuracy by problem type,
 * completion lengths, KL, step time by stage, and the resolved configuration. Per-step curves are drawn smoothed
 * (TensorBoard's debiased moving average) over their faint raw values. The ledger is aggregated in Spark; only small
 * results reach the driver.
 */
package io.videor1.report;
