package io.videor1.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;

/**
 * What the demuxer says about a video stream, plus what a packet-counting pass measured.
 *
 * @param totalFrames packets of the stream that could be read: the frame count decord reports as len(vr)
 * @param sortedPts presentation timestamps of those packets in display order, or null when some are missing or
 *     repeated (then frames are numbered by decoding order of output instead)
 */
record StreamInfo(
    int totalFrames,
    long[] sortedPts,
    double timeBase,
    double fps,
    double durationSeconds,
    int codedWidth,
    int codedHeight,
    double sampleAspectRatio,
    int rotation) {

  /** The clockwise rotation that makes frames upright, from the stream's display matrix (as ffmpeg's autorotate). */
  static int rotationOf(AVStream st) {
    AVCodecParameters par = st.codecpar();
    AVPacketSideData sd =
        av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
    if (sd == null || sd.isNull() || sd.size() < 36) {
      return 0;
    }
    double theta = -Math.round(av_display_rotation_get(new IntPointer(sd.data())));
    theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
    for (int r : new int[] {90, 180, 270}) {
      if (Math.abs(theta - r) < 1.0) {
        return r;
      }
    }
    return 0;
  }

  static double q2d(AVRational r) {
    return r == null || r.den() == 0 || r.num() <= 0 ? Double.NaN : (double) r.num() / r.den();
  }

  /**
   * The average frame rate as decord reports it (avg_frame_rate, then r_frame_rate), falling back to the packet
   * timestamps and then the duration when the container states neither.
   */
  static double frameRate(AVStream st, long[] sortedPts, double timeBase, int totalFrames, double duration) {
    double avg = q2d(st.avg_frame_rate());
    if (avg > 0 && avg < 1000) {
      return avg;
    }
    double r = q2d(st.r_frame_rate());
    if (r > 0 && r < 1000) {
      return r;
    }
    if (sortedPts != null && totalFrames > 1) {
      double span = (sortedPts[totalFrames - 1] - sortedPts[0]) * timeBase;
      if (span > 0) {
        return (totalFrames - 1) / span;
      }
    }
    return duration > 0 ? totalFrames / duration : Double.NaN;
  }

  /** The duration from the stream, else the container, else the span of the timestamps plus one frame. */
  static double duration(AVStream st, long containerDurationUs, long[] sortedPts, double timeBase, double fps) {
    if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) {
      return st.duration() * timeBase;
    }
    if (containerDurationUs != AV_NOPTS_VALUE && containerDurationUs > 0) {
      return containerDurationUs / 1e6;
    }
    if (sortedPts != null && sortedPts.length > 0 && fps > 0) {
      return (sortedPts[sortedPts.length - 1] - sortedPts[0]) * timeBase + 1 / fps;
    }
    return Double.NaN;
  }
}
