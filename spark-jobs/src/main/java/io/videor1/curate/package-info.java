/**
 * The frame-curation job: Video-R1 manifests to sampled frames in Parquet, once and incrementally, with every
 * unusable record quarantined with its reason; and what scheduled runs need around it: an exclusive lease on the
 * output ({@link io.videor1.curate.OutputLease}), generations naming the live batches
 * ({@link io.videor1.curate.TableGenerations}), the quarantine alarm, and compaction ({@link io.videor1.curate.CompactJob}).
 */
package io.videor1.curate;
