package io.videor1.curate;

/**
 * Another live run holds the output's lease and did not let go within the wait: the command exits with code 3 and
 * prints the message, one line naming the holder.
 */
public final class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }
}
