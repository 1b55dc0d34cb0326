package io.videor1.curate;

import com.typesafe.config.Config;

/**
 * The resolved configuration of {@code videor1 compact} ({@code conf/compact.conf}), validated on construction.
 *
 * @param out the curation output directory whose frames versions are compacted
 * @param targetFileMb the size compacted Parquet files aim at
 * @param retainSeconds how long replaced batches stay on disk for readers that picked the older generation
 * @param lock how to wait for the output's lease (the same lease curation runs take)
 */
public record CompactConfig(String out, int targetFileMb, long retainSeconds, LockSettings lock) {
  public CompactConfig {
    if (out.isBlank()) {
      throw new IllegalArgumentException("compact.out must be an output directory (--out)");
    }
    if (targetFileMb < 1 || targetFileMb > 65_536) {
      throw new IllegalArgumentException("compact.target_file_mb must be 1 to 65536, got " + targetFileMb);
    }
    if (retainSeconds < 0) {
      throw new IllegalArgumentException("compact.retain_s must be >= 0, got " + retainSeconds);
    }
  }

  /** Maps the resolved HOCON (keys under {@code compact.}) to the record. */
  public static CompactConfig from(Config c) {
    Config k = c.getConfig("compact");
    return new CompactConfig(k.getString("out"), k.getInt("target_file_mb"), k.getLong("retain_s"),
        new LockSettings("compact", k.getInt("lock_wait_s"), k.getInt("lock_stale_s")));
  }

  long targetBytes() {
    return targetFileMb * (1L << 20);
  }
}
