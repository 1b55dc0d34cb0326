package io.videor1.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_ALPHA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded frames to packed RGB at the target size with swscale's bicubic filter.
 *
 * <p>swscale widens the bicubic kernel when it shrinks, so the result is antialiased like the reference's torchvision
 * resize. Pictures with an alpha channel come out composited onto white.
 */
final class FrameScaler implements AutoCloseable {
  private SwsContext sws;
  private BytePointer dst;
  private long dstCapacity;
  private final PointerPointer<BytePointer> dstPlanes = new PointerPointer<>(4);
  private final IntPointer dstLinesizes = new IntPointer(4);

  /**
   * Scales one frame.
   *
   * @return {@code [outH, outW, 3]} RGB bytes
   */
  byte[] toRgb(AVFrame frame, int outW, int outH) throws MediaException {
    AVPixFmtDescriptor desc = av_pix_fmt_desc_get(frame.format());
    boolean alpha = desc != null && !desc.isNull() && (desc.flags() & AV_PIX_FMT_FLAG_ALPHA) != 0;
    int channels = alpha ? 4 : 3;
    sws =
        sws_getCachedContext(
            sws,
            frame.width(),
            frame.height(),
            frame.format(),
            outW,
            outH,
            alpha ? AV_PIX_FMT_RGBA : AV_PIX_FMT_RGB24,
            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
            null,
            null,
            (DoublePointer) null);
    if (sws == null || sws.isNull()) {
      throw new MediaException("resize", "swscale cannot convert pixel format " + frame.format() + " to RGB");
    }
    long bytes = (long) outW * outH * channels;
    if (dst == null || dstCapacity < bytes) {
      if (dst != null) {
        dst.close();
      }
      // Padding: swscale's SIMD paths may write a little past the last row.
      dst = new BytePointer(bytes + 64);
      dstCapacity = bytes;
    }
    dstPlanes.put(0, dst);
    dstLinesizes.put(0, outW * channels);
    int rows = sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), dstPlanes, dstLinesizes);
    if (rows != outH) {
      throw new MediaException("resize", "swscale produced " + rows + " rows, expected " + outH);
    }
    byte[] out = new byte[(int) bytes];
    dst.position(0).get(out);
    return alpha ? FrameOps.compositeOnWhite(out) : out;
  }

  @Override
  public void close() {
    if (sws != null) {
      sws_freeContext(sws);
      sws = null;
    }
    if (dst != null) {
      dst.close();
    }
    dstPlanes.close();
    dstLinesizes.close();
  }
}
