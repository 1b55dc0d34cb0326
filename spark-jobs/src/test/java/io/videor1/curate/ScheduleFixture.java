package io.videor1.curate;

import io.videor1.conf.ConfigLoader;
import io.videor1.testing.TestVideos;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Scheduled-run fixtures: three small generated clips, manifests of numbered records over them, the demo preset (small
 * frames), and a curate command started as a child JVM the way a scheduler starts it.
 */
final class ScheduleFixture {
  static final int CLIPS = 3;

  final Path dir;
  final Path media;

  ScheduleFixture(Path dir) throws Exception {
    this.dir = dir;
    this.media = Files.createDirectories(dir.resolve("media"));
    for (int i = 0; i < CLIPS; i++) {
      TestVideos.write(media.resolve("clip" + i + ".mp4"), 96 + 32 * i, 64, 0, 1.0, TestVideos.constantRate(20, 10));
    }
  }

  /** Records {@code from} to {@code to - 1}, round-robin over the clips, as JSONL lines. */
  static List<String> records(int from, int to) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(CurateFixture.record(i, "video", "./clip" + (i % CLIPS) + ".mp4"));
    }
    return out;
  }

  Path manifest(String name, List<String> lines) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, lines);
    return p;
  }

  CurateConfig config(String manifest, Path out, String... sets) {
    List<String> all = new ArrayList<>(List.of("curate.manifest=" + manifest, "curate.media_root=" + media,
        "curate.out=" + out, "curate.preset=demo", "curate.progress_interval_s=0"));
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("curate", all, CurateConfig::from);
  }

  /** Row keys of the table as a reader sees it (FramesReader over the live files); fails on a key seen twice. */
  static List<String> keys(Path out) throws IOException {
    Configuration conf = new Configuration();
    List<String> keys = new ArrayList<>();
    for (org.apache.hadoop.fs.Path part : FramesReader.files(new org.apache.hadoop.fs.Path(out.resolve("frames").toString()), conf)) {
      try (FramesReader r = FramesReader.open(part, conf)) {
        for (FramesReader.Frames f = r.next(); f != null; f = r.next()) {
          keys.add(f.rowKey());
        }
      }
    }
    return keys;
  }

  static Set<String> distinct(List<String> keys) {
    return new HashSet<>(keys);
  }

  /** Starts {@code videor1 <args>} in a child JVM with this JVM's flags and classpath, its output to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("-XX") || a.startsWith("--enable")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-Dspark.master=local[1]");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.videor1.app.VideoR1");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The curate arguments of a child run on this fixture's media. */
  List<String> curateArgs(Path manifest, Path out, String... sets) {
    List<String> a = new ArrayList<>(List.of("curate", "--manifest", manifest.toString(), "--media-root", media.toString(),
        "--out", out.toString(), "--preset", "demo", "--set", "curate.progress_interval_s=0"));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return a;
  }
}
