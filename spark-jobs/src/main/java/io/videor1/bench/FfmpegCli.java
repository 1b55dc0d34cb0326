package io.videor1.bench;

import io.videor1.vision.FrameSampler;
import io.videor1.vision.SmartResize;
import io.videor1.vision.VisionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The peer of the curation benchmark: the ffmpeg command-line tool doing the same sampling and resize.
 *
 * <p>Per video: {@code ffprobe -count_packets} for the frame count and rate (the job's demux pass), then one ffmpeg run
 * that keeps the sampled frames with the {@code select} filter and scales them with swscale's bicubic filter to the
 * same size, writing raw RGB to a file (the job writes Parquet).
 */
final class FfmpegCli {
  private FfmpegCli() {}

  /** Makes sure the tool is there, installing Debian's package when missing and allowed. */
  static String ensureInstalled() throws IOException, InterruptedException {
    if (run(List.of("sh", "-c", "command -v ffmpeg && command -v ffprobe")).exit == 0) {
      return version();
    }
    System.out.println("bench: ffmpeg not found; installing Debian's ffmpeg package (apt-get)...");
    Result r = run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg"));
    if (r.exit != 0) {
      throw new IOException("cannot install ffmpeg (apt-get exit " + r.exit + "): " + r.output);
    }
    return version();
  }

  private static String version() throws IOException, InterruptedException {
    String first = run(List.of("ffmpeg", "-version")).output.lines().findFirst().orElse("ffmpeg");
    return first.replaceAll(" Copyright.*", "");
  }

  /** Samples and resizes one video; returns the number of frames written. */
  static int sample(Path video, Path outFile, VisionBudget budget, boolean applySar) throws IOException, InterruptedException {
    Result probe =
        run(List.of(
            "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
            "stream=nb_read_packets,avg_frame_rate,r_frame_rate,width,height,sample_aspect_ratio:stream_side_data=rotation",
            "-of", "default=nw=1", video.toString()));
    if (probe.exit != 0) {
      throw new IOException("ffprobe failed on " + video + ": " + probe.output);
    }
    int total = 0;
    int w = 0;
    int h = 0;
    int rotation = 0;
    double fps = Double.NaN;
    double sar = 1;
    for (String line : probe.output.split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length < 2) {
        continue;
      }
      switch (kv[0]) {
        case "nb_read_packets" -> total = Integer.parseInt(kv[1].trim());
        case "width" -> w = Integer.parseInt(kv[1].trim());
        case "height" -> h = Integer.parseInt(kv[1].trim());
        case "rotation" -> rotation = Math.abs(Integer.parseInt(kv[1].trim())) % 360;
        case "avg_frame_rate" -> fps = Double.isNaN(fps) || fps <= 0 ? ratio(kv[1]) : fps;
        case "r_frame_rate" -> fps = fps > 0 ? fps : ratio(kv[1]);
        case "sample_aspect_ratio" -> sar = ratio(kv[1].replace(':', '/')) > 0 ? ratio(kv[1].replace(':', '/')) : 1;
        default -> { }
      }
    }
    int n = FrameSampler.numFrames(total, fps, budget);
    int[] idx = FrameSampler.frameIndices(total, n);
    int dispW = applySar ? (int) Math.round(w * sar) : w;
    boolean swap = rotation == 90 || rotation == 270;
    SmartResize.Size size = SmartResize.forVideo(swap ? dispW : h, swap ? h : dispW, n, budget);
    StringJoiner select = new StringJoiner("+", "select='", "'");
    for (int i : idx) {
      select.add("eq(n\\," + i + ")");
    }
    // ffmpeg autorotates before the filter graph, so the scale target is the upright size.
    String vf = select + ",scale=" + size.width() + ":" + size.height() + ":flags=bicubic+accurate_rnd+full_chroma_int";
    Result r =
        run(List.of(
            "ffmpeg", "-v", "error", "-nostdin", "-threads", "1", "-i", video.toString(), "-an", "-sn", "-dn",
            "-filter_threads", "1", "-vf", vf, "-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo",
            "-y", outFile.toString()));
    if (r.exit != 0) {
      throw new IOException("ffmpeg failed on " + video + ": " + r.output);
    }
    long expected = (long) n * size.width() * size.height() * 3;
    long got = java.nio.file.Files.size(outFile);
    if (got != expected) {
      throw new IOException("ffmpeg wrote " + got + " bytes for " + video + ", expected " + expected);
    }
    return n;
  }

  private static double ratio(String s) {
    String[] p = s.trim().split("/");
    try {
      double num = Double.parseDouble(p[0]);
      double den = p.length > 1 ? Double.parseDouble(p[1]) : 1;
      return den == 0 ? Double.NaN : num / den;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
