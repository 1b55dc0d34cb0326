/**
 * Decoding media with FFmpeg (through JavaCV's JavaCPP presets): sampled, resized, upright RGB frames of a video or
 * image, and the codecs that store frames in Parquet.
 *
 * <p>No Spark here: the curation job calls {@link io.videor1.media.MediaDecoder} inside its tasks.
 */
package io.videor1.media;
