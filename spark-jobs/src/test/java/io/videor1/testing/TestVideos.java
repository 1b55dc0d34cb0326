package io.videor1.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes small test videos with FFmpeg (MPEG-4 Part 2, which every FFmpeg build encodes) whose content is known: the
 * top-left quadrant of the picture as a viewer sees it is red, the rest blue.
 */
public final class TestVideos {
  private TestVideos() {}

  /**
   * A video whose display (after rotation metadata and pixel aspect) is upright with red in the top-left quadrant.
   *
   * @param displayW width a viewer sees, before pixel aspect stretching
   * @param displayH height a viewer sees
   * @param rotation display-matrix rotation in degrees counter-clockwise (as ffprobe prints it): 0, 90, 180, 270
   * @param sar sample aspect ratio written to the stream (1 for square pixels)
   * @param timestampsMicros presentation time of each frame (variable frame rate when irregular)
   */
  public static void write(
      Path file, int displayW, int displayH, int rotation, double sar, long[] timestampsMicros) throws Exception {
    boolean swap = rotation == 90 || rotation == 270;
    int codedW = swap ? displayH : displayW;
    int codedH = swap ? displayW : displayH;
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), codedW, codedH)) {
      rec.setFormat("mp4");
      rec.setVideoCodec(AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(AV_PIX_FMT_YUV420P);
      // The recorder's time base is 1/frameRate: 1000 lets irregular (VFR) timestamps land on exact milliseconds.
      rec.setFrameRate(regular(timestampsMicros) ? 1e6 / Math.max(1, timestampsMicros.length > 1 ? timestampsMicros[1] : 100_000) : 1000);
      rec.setVideoQuality(2);
      rec.setAspectRatio(sar);
      rec.setDisplayRotation(rotation);
      rec.start();
      for (long ts : timestampsMicros) {
        Frame f = new Frame(codedW, codedH, Frame.DEPTH_UBYTE, 3);
        ByteBuffer b = (ByteBuffer) f.image[0];
        for (int y = 0; y < codedH; y++) {
          for (int x = 0; x < codedW; x++) {
            int[] d = toDisplay(x, y, codedW, codedH, rotation);
            boolean red = d[0] < displayW / 2 && d[1] < displayH / 2;
            int o = y * f.imageStride + x * 3;
            b.put(o, (byte) (red ? 0 : 255)).put(o + 1, (byte) 0).put(o + 2, (byte) (red ? 255 : 0));
          }
        }
        rec.setTimestamp(ts);
        rec.record(f, AV_PIX_FMT_BGR24);
      }
      rec.stop();
    }
  }

  private static boolean regular(long[] ts) {
    for (int i = 2; i < ts.length; i++) {
      if (ts[i] - ts[i - 1] != ts[1] - ts[0]) {
        return false;
      }
    }
    return true;
  }

  /** Where coded pixel (x, y) appears on screen: the display rotates the coded picture counter-clockwise. */
  private static int[] toDisplay(int x, int y, int w, int h, int rotation) {
    return switch (rotation) {
      case 90 -> new int[] {y, w - 1 - x};
      case 180 -> new int[] {w - 1 - x, h - 1 - y};
      case 270 -> new int[] {h - 1 - y, x};
      default -> new int[] {x, y};
    };
  }

  /** Evenly spaced timestamps: {@code n} frames at {@code fps}. */
  public static long[] constantRate(int n, double fps) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = Math.round(i * 1e6 / fps);
    }
    return ts;
  }
}
