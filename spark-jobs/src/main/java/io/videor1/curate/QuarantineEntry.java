package io.videor1.curate;

import java.io.Serializable;

/**
 * A record that could not be curated.
 *
 * @param stage where it failed: manifest, resolve, open, probe, decode, sample, resize or encode
 */
public record QuarantineEntry(
    String rowKey, long line, String inputRecord, String mediaPath, String stage, String reason)
    implements Serializable {}
