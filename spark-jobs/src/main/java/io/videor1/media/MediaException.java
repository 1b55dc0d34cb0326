package io.videor1.media;

/**
 * A media file that cannot be turned into frames, with the stage that failed and a reason a person can act on.
 *
 * <p>The curation job turns it into a quarantine row; it never fails the job.
 */
public final class MediaException extends Exception {
  private final String stage;

  public MediaException(String stage, String reason) {
    super(reason);
    this.stage = stage;
  }

  /** Where it failed: open, probe, decode, sample or resize. */
  public String stage() {
    return stage;
  }
}
