/**
 * The frame-curation job: Video-R1 manifests to sampled frames in Parquet, once and incrementally, with every
 * unusable record quarantined with its reason.
 */
package io.videor1.curate;
