package io.videor1.media;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/** An opened media file with its best video stream chosen and every other stream discarded by the demuxer. */
final class MediaInput implements AutoCloseable {
  static {
    // Errors reach us as return codes with av_strerror text; FFmpeg's own log would only repeat them on stderr.
    av_log_set_level(AV_LOG_QUIET);
  }

  private static final java.util.Set<String> TEXT_ART_CODECS = java.util.Set.of("ansi", "bintext", "xbin", "idf");

  final AVFormatContext fmt;
  final int streamIndex;
  final AVStream stream;

  private MediaInput(AVFormatContext fmt, int streamIndex) {
    this.fmt = fmt;
    this.streamIndex = streamIndex;
    this.stream = fmt.streams(streamIndex);
  }

  static MediaInput open(String path) throws MediaException {
    AVFormatContext fmt = new AVFormatContext(null);
    int r = avformat_open_input(fmt, path, null, (AVDictionary) null);
    if (r < 0) {
      throw new MediaException("open", "unreadable: not a video or image FFmpeg can open (" + error(r) + ")");
    }
    boolean ok = false;
    try {
      r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
      if (r < 0) {
        throw new MediaException("probe", "cannot read stream information (" + error(r) + ")");
      }
      int vs = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
      if (vs < 0) {
        throw new MediaException(
            "probe", "no video stream (" + fmt.nb_streams() + " stream(s) in a " + containerName(fmt) + " container)");
      }
      for (int i = 0; i < fmt.nb_streams(); i++) {
        if (i != vs) {
          fmt.streams(i).discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL); // audio and data are ignored
        }
      }
      MediaInput in = new MediaInput(fmt, vs);
      if (TEXT_ART_CODECS.contains(in.codecName())) {
        // FFmpeg's tty demuxer renders any text file as "ANSI art" video; that is never a dataset's media.
        throw new MediaException("probe", "not a video or image: FFmpeg reads it as text (" + in.codecName() + ")");
      }
      if (in.stream.codecpar().width() <= 0 || in.stream.codecpar().height() <= 0) {
        throw new MediaException("probe", "video stream has no picture size (" + in.codecName() + ")");
      }
      ok = true;
      return in;
    } finally {
      if (!ok) {
        avformat_close_input(fmt);
      }
    }
  }

  /** Frames the container header promises (0 when it does not say). */
  long declaredFrames() {
    return stream.nb_frames();
  }

  String codecName() {
    return avcodec_get_name(stream.codecpar().codec_id()).getString();
  }

  String containerName() {
    return containerName(fmt);
  }

  private static String containerName(AVFormatContext fmt) {
    return fmt.iformat() == null || fmt.iformat().isNull() ? "unknown" : fmt.iformat().name().getString();
  }

  static String error(int code) {
    byte[] buf = new byte[256];
    av_strerror(code, buf, buf.length);
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8) + ", code " + code;
  }

  @Override
  public void close() {
    avformat_close_input(fmt);
  }
}
