package io.videor1.model.io;

import java.io.IOException;

/**
 * A checkpoint that cannot be used, found before anything was allocated: the message is one line naming the file,
 * the tensor or field, and what is wrong ({@code model.safetensors: model.norm.weight: data_offsets [0, 4] end past
 * the 0 data bytes}).
 *
 * <p>Names come from untrusted files, so control characters are escaped and long names cut: the message stays one
 * readable line whatever the file holds.
 */
public final class InvalidCheckpointException extends IOException {
  private static final int MAX_PART = 200;

  private final String file;
  private final String subject;
  private final String problem;

  /**
   * @param file the file, as the user named it (a path or a name inside the checkpoint)
   * @param subject the tensor or field ("header" for the file's structure)
   * @param problem what is wrong
   */
  public InvalidCheckpointException(String file, String subject, String problem) {
    super(clean(file) + ": " + clean(subject) + ": " + clean(problem));
    this.file = file;
    this.subject = subject;
    this.problem = problem;
  }

  /** The file. */
  public String file() {
    return file;
  }

  /** The tensor or field. */
  public String subject() {
    return subject;
  }

  /** What is wrong. */
  public String problem() {
    return problem;
  }

  /** {@code s} with control characters escaped and cut to a readable length. */
  public static String clean(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < MAX_PART; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.length() >= MAX_PART && s.length() > b.length() ? b + "..." : b.toString();
  }
}
