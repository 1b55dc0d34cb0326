/**
 * The MLlib surface of T-GRPO: {@link io.videor1.ml.TGrpoEstimator} (Params = conf/train.conf keys, {@code fit} runs
 * the trainer) and {@link io.videor1.ml.TGrpoModel} (answers curated questions), both saved and loaded with MLlib's
 * writers, the model with its weights.
 */
package io.videor1.ml;
