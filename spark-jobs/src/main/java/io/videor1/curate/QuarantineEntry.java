package io.videor1.curate;

import io.videor1.text.Utf8;
import java.io.Serializable;

/**
 * A record that could not be curated.
 *
 * @param stage where it failed: manifest, resolve, open, probe, decode, sample, resize or encode
 */
public record QuarantineEntry(
    String rowKey, long line, String inputRecord, String mediaPath, String stage, String reason)
    implements Serializable {
  /** A reason may quote the record's JSON, lone surrogates included: they become U+FFFD before Parquet. */
  public QuarantineEntry {
    inputRecord = Utf8.scrub(inputRecord);
    reason = Utf8.scrub(reason);
  }
}
