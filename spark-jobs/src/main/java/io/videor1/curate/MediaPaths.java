package io.videor1.curate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a record's media path against the media root without ever leaving it.
 *
 * <p>Video-R1 writes paths such as {@code ./CLEVRER/video_01234.mp4} relative to its data folder. Absolute paths, URIs
 * and {@code ..} segments that climb above the root are rejected: a manifest must not make the job read arbitrary
 * files.
 */
public final class MediaPaths {
  private MediaPaths() {}

  /**
   * The normalised path relative to the media root.
   *
   * @throws IllegalArgumentException naming the path and why it is refused
   */
  public static String relativize(String recordPath) {
    if (recordPath == null || recordPath.isBlank()) {
      throw new IllegalArgumentException("empty media path");
    }
    String p = recordPath.trim();
    if (p.contains("://") || p.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new IllegalArgumentException("media path '" + recordPath + "' is a URI; it must be relative to the media root");
    }
    if (p.startsWith("/") || p.startsWith("\\") || p.startsWith("~")) {
      throw new IllegalArgumentException("media path '" + recordPath + "' is absolute; it must be relative to the media root");
    }
    if (p.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("media path contains a NUL character");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : p.replace('\\', '/').split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          throw new IllegalArgumentException("media path '" + recordPath + "' escapes the media root");
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("media path '" + recordPath + "' names the media root itself, not a file");
    }
    return String.join("/", parts);
  }
}
