package io.videor1.media;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.videor1.vision.FrameSampler;
import io.videor1.vision.SmartResize;
import io.videor1.vision.VisionBudget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Turns a video or image file into Video-R1's sampled, resized, upright RGB frames (spec §3).
 *
 * <p>A video is read twice: a demux-only pass counts its packets (the frame count T that decord reports) and collects
 * their timestamps; the decode pass then converts only the frames at the sampled indices. Frames nobody asked for are
 * decoded only when other frames reference them ({@code skip_frame = nonref}), which is why this is faster than a
 * decode-everything loop. Rotation metadata and non-square pixels are applied so frames come out as a viewer sees them.
 */
public final class MediaDecoder {
  private static final int EAGAIN = -11;

  /** What kind of record the media belongs to: images keep one frame and use the image pixel budget. */
  public enum Kind {
    VIDEO,
    IMAGE
  }

  /**
   * Decoder settings that do not change which frames are chosen.
   *
   * @param applySampleAspectRatio stretch non-square pixels to the display aspect before resizing
   * @param threads decoder threads per file (Spark already runs one file per core)
   * @param skipNonReference let the decoder skip unneeded frames that no other frame references
   */
  public record Options(boolean applySampleAspectRatio, int threads, boolean skipNonReference) {
    public static Options defaults() {
      return new Options(true, 1, true);
    }
  }

  private MediaDecoder() {}

  /** Decodes {@code file} as a {@code kind} record under {@code budget}. */
  public static DecodedMedia decode(Path file, Kind kind, VisionBudget budget, Options opts) throws MediaException {
    String path = file.toAbsolutePath().toString();
    return kind == Kind.IMAGE ? decodeImage(path, budget, opts) : decodeVideo(path, budget, opts);
  }

  private static DecodedMedia decodeVideo(String path, VisionBudget budget, Options opts) throws MediaException {
    StreamInfo info;
    String codec;
    String container;
    long declared;
    try (MediaInput in = MediaInput.open(path)) {
      info = countPackets(in);
      codec = in.codecName();
      container = in.containerName();
      declared = in.declaredFrames();
    }
    if (info.totalFrames() == 0) {
      throw new MediaException(
          "decode",
          "zero decodable frames: no " + codec + " packet could be read"
              + (declared > 0 ? " although the header lists " + declared + " frames (truncated or damaged file)" : ""));
    }
    if (!(info.fps() > 0)) {
      throw new MediaException("probe", "cannot determine the frame rate of the " + codec + " stream");
    }
    int total = info.totalFrames();
    int[] indices = sampleOrThrow(total, info.fps(), budget);
    SmartResize.Size size = displaySize(info, opts, budget, indices.length);
    Pass pass = decodePass(path, info, indices, info.sortedPts() != null, opts, size);
    if (pass.missing() > 0 && info.sortedPts() != null) {
      // Timestamps did not identify every frame: number the decoder's output instead, decoding everything.
      pass = decodePass(path, info, indices, false, opts, size);
    }
    if (pass.missing() > 0) {
      // Fewer frames decode than packets exist (a truncated or damaged file): sample from what does decode.
      if (pass.decoded() < 2) {
        throw new MediaException(
            "decode",
            (pass.decoded() == 0 ? "zero decodable frames" : "only 1 decodable frame")
                + " of " + total + " packets" + (pass.lastError() == null ? "" : " (" + pass.lastError() + ")"));
      }
      total = pass.decoded();
      indices = sampleOrThrow(total, info.fps(), budget);
      size = displaySize(info, opts, budget, indices.length);
      pass = decodePass(path, info, indices, false, opts, size);
      if (pass.missing() > 0) {
        throw new MediaException("decode", "decoder output is not repeatable: " + pass.missing() + " frame(s) lost");
      }
    }
    return new DecodedMedia(
        List.of(pass.frames()),
        indices,
        pass.timestamps(),
        total,
        info.fps(),
        info.durationSeconds(),
        info.codedWidth(),
        info.codedHeight(),
        info.rotation(),
        info.sampleAspectRatio(),
        size.height(),
        size.width(),
        codec,
        container);
  }

  private static DecodedMedia decodeImage(String path, VisionBudget budget, Options opts) throws MediaException {
    StreamInfo info;
    String codec;
    String container;
    try (MediaInput in = MediaInput.open(path)) {
      info = describe(in, 1, null);
      codec = in.codecName();
      container = in.containerName();
    }
    SmartResize.Size size;
    try {
      int[] disp = displayDims(info, opts);
      size = SmartResize.forImage(disp[0], disp[1], budget);
    } catch (IllegalArgumentException e) {
      throw new MediaException("resize", e.getMessage());
    }
    Pass pass = decodePass(path, info, new int[] {0}, false, opts, size);
    if (pass.missing() > 0) {
      throw new MediaException(
          "decode", "zero decodable frames" + (pass.lastError() == null ? "" : " (" + pass.lastError() + ")"));
    }
    return new DecodedMedia(
        List.of(pass.frames()), new int[] {0}, new double[] {0.0}, 1, Double.NaN, Double.NaN,
        info.codedWidth(), info.codedHeight(), info.rotation(), info.sampleAspectRatio(),
        size.height(), size.width(), codec, container);
  }

  private static int[] sampleOrThrow(int total, double fps, VisionBudget budget) throws MediaException {
    try {
      return FrameSampler.frameIndices(total, FrameSampler.numFrames(total, fps, budget));
    } catch (IllegalArgumentException e) {
      throw new MediaException("sample", e.getMessage());
    }
  }

  /** Display height and width: non-square pixels stretched horizontally, then rotated. */
  private static int[] displayDims(StreamInfo info, Options opts) {
    int w = info.codedWidth();
    int h = info.codedHeight();
    double sar = info.sampleAspectRatio();
    if (opts.applySampleAspectRatio() && sar > 0 && Math.abs(sar - 1) > 1e-9) {
      w = Math.max(1, (int) Math.round(w * sar));
    }
    return info.rotation() == 90 || info.rotation() == 270 ? new int[] {w, h} : new int[] {h, w};
  }

  private static SmartResize.Size displaySize(StreamInfo info, Options opts, VisionBudget budget, int n)
      throws MediaException {
    int[] disp = displayDims(info, opts);
    try {
      return SmartResize.forVideo(disp[0], disp[1], n, budget);
    } catch (IllegalArgumentException e) {
      throw new MediaException("resize", e.getMessage());
    }
  }

  /** The demux-only pass: packet count and timestamps of the video stream. */
  private static StreamInfo countPackets(MediaInput in) {
    long[] pts = new long[1024];
    int n = 0;
    boolean ptsUsable = true;
    AVPacket pkt = av_packet_alloc();
    try {
      while (av_read_frame(in.fmt, pkt) >= 0) {
        if (pkt.stream_index() == in.streamIndex) {
          if (n == pts.length) {
            pts = Arrays.copyOf(pts, n * 2);
          }
          long p = pkt.pts();
          ptsUsable &= p != AV_NOPTS_VALUE;
          pts[n++] = p;
        }
        av_packet_unref(pkt);
      }
    } finally {
      av_packet_free(pkt);
    }
    long[] sorted = null;
    if (ptsUsable && n > 0) {
      sorted = Arrays.copyOf(pts, n);
      Arrays.sort(sorted);
      for (int i = 1; i < n && sorted != null; i++) {
        if (sorted[i] == sorted[i - 1]) {
          sorted = null; // repeated timestamps cannot name a frame
        }
      }
    }
    return describe(in, n, sorted);
  }

  private static StreamInfo describe(MediaInput in, int totalFrames, long[] sortedPts) {
    double tb = StreamInfo.q2d(in.stream.time_base());
    double sar = StreamInfo.q2d(in.stream.codecpar().sample_aspect_ratio());
    double fps0 = StreamInfo.frameRate(in.stream, sortedPts, tb, totalFrames, Double.NaN);
    double duration = StreamInfo.duration(in.stream, in.fmt.duration(), sortedPts, tb, fps0);
    double fps = fps0 > 0 ? fps0 : StreamInfo.frameRate(in.stream, sortedPts, tb, totalFrames, duration);
    return new StreamInfo(
        totalFrames, sortedPts, tb, fps, duration,
        in.stream.codecpar().width(), in.stream.codecpar().height(),
        sar > 0 ? sar : 1.0, StreamInfo.rotationOf(in.stream));
  }

  /** Frames converted in one decode pass, by slot of the requested indices. */
  private record Pass(byte[][] frames, double[] timestamps, int missing, int decoded, String lastError) {}

  private static Pass decodePass(
      String path, StreamInfo info, int[] indices, boolean byPts, Options opts, SmartResize.Size size)
      throws MediaException {
    Map<Integer, Integer> slotOf = new HashMap<>();
    for (int i = 0; i < indices.length; i++) {
      slotOf.put(indices[i], i);
    }
    Map<Long, Integer> rankOf = new HashMap<>();
    if (byPts) {
      for (int i = 0; i < info.sortedPts().length; i++) {
        rankOf.put(info.sortedPts()[i], i);
      }
    }
    boolean rotated = info.rotation() == 90 || info.rotation() == 270;
    int scaleW = rotated ? size.height() : size.width();
    int scaleH = rotated ? size.width() : size.height();
    byte[][] out = new byte[indices.length][];
    double[] ts = new double[indices.length];
    int decoded = 0;
    String lastError = null;
    try (MediaInput in = MediaInput.open(path);
        FrameScaler scaler = new FrameScaler()) {
      AVCodec codec = avcodec_find_decoder(in.stream.codecpar().codec_id());
      if (codec == null || codec.isNull()) {
        throw new MediaException("probe", "no decoder for codec " + in.codecName());
      }
      AVCodecContext ctx = avcodec_alloc_context3(codec);
      AVPacket pkt = av_packet_alloc();
      AVFrame frame = av_frame_alloc();
      try {
        avcodec_parameters_to_context(ctx, in.stream.codecpar());
        ctx.pkt_timebase(in.stream.time_base());
        ctx.thread_count(Math.max(1, opts.threads()));
        int r = avcodec_open2(ctx, codec, (AVDictionary) null);
        if (r < 0) {
          throw new MediaException("decode", "cannot open the " + in.codecName() + " decoder (" + MediaInput.error(r) + ")");
        }
        boolean skip = byPts && opts.skipNonReference() && opts.threads() <= 1;
        boolean eof = false;
        int remaining = indices.length;
        while (remaining > 0) {
          if (!eof) {
            r = av_read_frame(in.fmt, pkt);
            if (r < 0) {
              eof = true;
              avcodec_send_packet(ctx, null); // drain the frames the decoder still holds
            } else if (pkt.stream_index() != in.streamIndex) {
              av_packet_unref(pkt);
              continue;
            } else {
              if (skip) {
                Integer rank = rankOf.get(pkt.pts());
                ctx.skip_frame(rank != null && slotOf.containsKey(rank) ? AVDISCARD_DEFAULT : AVDISCARD_NONREF);
              }
              r = avcodec_send_packet(ctx, pkt);
              av_packet_unref(pkt);
              if (r < 0 && r != EAGAIN) {
                lastError = MediaInput.error(r); // a damaged packet: carry on, as the ffmpeg CLI does
              }
            }
          }
          boolean gotAny = false;
          while ((r = avcodec_receive_frame(ctx, frame)) >= 0) {
            gotAny = true;
            long fpts = frame.pts() != AV_NOPTS_VALUE ? frame.pts() : frame.best_effort_timestamp();
            Integer index = byPts ? rankOf.get(fpts) : Integer.valueOf(decoded);
            decoded++;
            Integer slot = index == null ? null : slotOf.get(index);
            if (slot != null && out[slot] == null) {
              byte[] rgb = scaler.toRgb(frame, scaleW, scaleH);
              out[slot] = FrameOps.rotateClockwise(rgb, scaleH, scaleW, 3, info.rotation());
              ts[slot] = timestampOf(fpts, index, info);
              remaining--;
            }
            org.bytedeco.ffmpeg.global.avutil.av_frame_unref(frame);
          }
          if (eof && !gotAny) {
            break; // drained
          }
        }
        int missing = 0;
        for (byte[] f : out) {
          missing += f == null ? 1 : 0;
        }
        return new Pass(out, ts, missing, decoded, lastError);
      } finally {
        av_frame_free(frame);
        av_packet_free(pkt);
        avcodec_free_context(ctx);
      }
    }
  }

  private static double timestampOf(long pts, int index, StreamInfo info) {
    if (pts != AV_NOPTS_VALUE && info.sortedPts() != null && info.timeBase() > 0) {
      return (pts - info.sortedPts()[0]) * info.timeBase();
    }
    return index / info.fps();
  }
}
