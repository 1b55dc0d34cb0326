package io.videor1.media;

/** Lets tests in other packages use the pixel checks of {@link MediaDecoderTest}. */
public final class MediaDecoderTestAccess {
  private MediaDecoderTestAccess() {}

  public static void assertRedTopLeftOnly(byte[] rgb, int h, int w) {
    MediaDecoderTest.assertRedTopLeftOnly(rgb, h, w);
  }
}
