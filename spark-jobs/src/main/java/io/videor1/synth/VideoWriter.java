package io.videor1.synth;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes RGB frames into a video file with FFmpeg, through an encoder that is checked to exist.
 *
 * <p>JavaCV's recorder silently falls back to another encoder (MPEG-4 Part 2) when the one named is missing, and the
 * LGPL linux-x86_64 build has no libx264. So the encoder is looked up by name first and a missing one is an error that
 * lists the ones present; {@link #verify} also encodes two frames and decodes them back to confirm the codec of the
 * stream. {@code auto} picks libopenh264 (H.264, what Video-R1's own videos mostly are) when present, else mpeg4.
 *
 * <p>Output bytes are a function of the frames only: one encoder thread, no timestamps in the container metadata.
 */
public final class VideoWriter {
  /** Containers of the encoders the LGPL build has; any other video encoder present is written to MP4. */
  static final Map<String, String> CONTAINERS = new LinkedHashMap<>();

  static {
    CONTAINERS.put("libopenh264", "mp4");
    CONTAINERS.put("mpeg4", "mp4");
    CONTAINERS.put("mjpeg", "avi");
    CONTAINERS.put("libvpx-vp9", "webm");
    CONTAINERS.put("libsvtav1", "mp4");
    CONTAINERS.put("libaom-av1", "mp4");
  }

  private final String codec;
  private final int width;
  private final int height;
  private final double fps;

  /** A writer for a codec already resolved by {@link #resolveCodec}. */
  public VideoWriter(String codec, int width, int height, double fps) {
    this.codec = codec;
    this.width = width;
    this.height = height;
    this.fps = fps;
  }

  /**
   * The encoder to use for {@code synth.codec}.
   *
   * @throws IllegalArgumentException naming the key when this FFmpeg build has no video encoder of that name
   */
  public static String resolveCodec(String requested) {
    av_log_set_level(AV_LOG_ERROR);
    if (requested.equals("auto")) {
      return present("libopenh264") ? "libopenh264" : "mpeg4";
    }
    if (!present(requested)) {
      throw new IllegalArgumentException("synth.codec names encoder '" + requested
          + "', which this FFmpeg build does not have as a video encoder (the recorder would silently fall back to"
          + " mpeg4); present: " + available());
    }
    return requested;
  }

  static boolean present(String encoder) {
    AVCodec c = avcodec_find_encoder_by_name(encoder);
    return c != null && !c.isNull() && c.type() == AVMEDIA_TYPE_VIDEO;
  }

  private static List<String> available() {
    List<String> out = new ArrayList<>();
    for (String name : CONTAINERS.keySet()) {
      if (present(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The file extension of this codec's container ("mp4"); MP4 for encoders not listed. */
  public String extension() {
    return container(codec);
  }

  static String container(String codec) {
    return CONTAINERS.getOrDefault(codec, "mp4");
  }

  /** The encoder name. */
  public String codec() {
    return codec;
  }

  /**
   * Writes {@code count} frames; {@code frame.apply(i)} returns frame {@code i} as packed RGB, width x height x 3.
   */
  public void write(Path file, int count, IntFunction<byte[]> frame) throws IOException {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
      rec.setFormat(extension());
      rec.setVideoCodecName(codec);
      rec.setPixelFormat(codec.equals("mjpeg") ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P);
      rec.setFrameRate(fps);
      rec.setGopSize(Math.max(1, (int) Math.round(fps * 10))); // one key frame per 10 s, as in typical footage
      rec.setVideoQuality(codec.equals("mpeg4") || codec.equals("mjpeg") ? 3 : -1);
      rec.setVideoOption("threads", "1");
      rec.start();
      Frame f = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
      ByteBuffer buf = (ByteBuffer) f.image[0];
      for (int i = 0; i < count; i++) {
        byte[] rgb = frame.apply(i);
        for (int y = 0; y < height; y++) {
          buf.position(y * f.imageStride);
          buf.put(rgb, y * width * 3, width * 3);
        }
        buf.rewind();
        rec.record(f, AV_PIX_FMT_RGB24);
      }
      rec.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("encoding " + file + " with " + codec + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Encodes two small frames to a temporary file and decodes them back; fails unless the stream's codec is the
   * requested encoder's. Run once per job, so a fallback could never go unnoticed.
   */
  public static void verify(String codec) throws IOException {
    AVCodec enc = avcodec_find_encoder_by_name(codec);
    Path tmp = Files.createTempFile("videor1-codec-check", "." + container(codec));
    try {
      byte[] grey = new byte[64 * 64 * 3];
      java.util.Arrays.fill(grey, (byte) 128);
      new VideoWriter(codec, 64, 64, 2).write(tmp, 2, i -> grey);
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(tmp.toFile())) {
        g.start();
        int got = g.getVideoCodec();
        String name = g.getVideoCodecName();
        g.stop();
        if (got != enc.id()) {
          throw new IOException("synth.codec " + codec + " produced a stream of codec id " + got + " (" + name
              + "), not " + enc.id() + ": FFmpeg fell back to another encoder");
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
