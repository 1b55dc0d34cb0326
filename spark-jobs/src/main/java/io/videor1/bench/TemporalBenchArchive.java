package io.videor1.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.videor1.conf.ConfigError;
import io.videor1.prompt.PromptMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The portable record of a {@code bench temporal} comparison ({@code bench_temporal.archive}): every finished run's
 * result, a few kilobytes each, and what they were computed from, in a directory small enough to commit or copy. A
 * comparison of many seeds outlives the machine it started on: an invocation elsewhere (a fresh {@code --out}) with
 * the same settings adopts the archived runs instead of re-running them, and archives its own as each finishes.
 *
 * <p>The settings are checked by content, not by path: the budget and evaluation as in bench.json, and the SHA-256 of
 * the test questions (problem id, gold answer, cue letter). The starting point is checked per seed: each archived run
 * carries the SHA-256 of the SFT checkpoint it started from (its weights and config) and every arm of a seed must
 * start from the same one, so that the paired difference of a seed compares updates only. The demo's preparation
 * replays bit for bit on one CPU type; a machine of another type builds another checkpoint from the same recipe and
 * takes the seeds no machine has started, leaving the missing arms of a seed begun elsewhere to a machine of that
 * seed's type.
 *
 * <pre>
 * ARCHIVE/archive.json                 what decides a run's numbers (bench.json's settings, paths replaced by digests)
 * ARCHIVE/runs/seed=S/mode=M.json      {"cpu", "archived", "model_sha256", "result": the run's result.json}
 * ARCHIVE/start/model_sha256=H.json    {"cpu", "archived", "model_sha256", "scores": checkpoint H's own evaluation}
 * </pre>
 */
final class TemporalBenchArchive {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One archived run: where it ran, when it was archived, the checkpoint it started from, its result. */
  record Entry(String cpu, String archived, @JsonProperty("model_sha256") String modelSha256,
      TemporalBenchRun.Result result) {}

  /** The evaluation of one starting checkpoint before any RL step, where it was made. */
  record StartEntry(String cpu, String archived, @JsonProperty("model_sha256") String modelSha256,
      TemporalBenchEval.Scores scores) {}

  private final Path dir;
  private final String start;

  private TemporalBenchArchive(Path dir, String start) {
    this.dir = dir;
    this.start = start;
  }

  /** The SHA-256 of this machine's starting checkpoint. */
  String start() {
    return start;
  }

  /**
   * Opens (or starts) the archive at {@code dir} for runs with {@code fingerprint} (the bench's own, with paths)
   * starting from {@code model} and evaluated on {@code questions}; refuses one made with other settings or other
   * questions, naming what differs.
   */
  static TemporalBenchArchive open(Path dir, Map<String, Object> fingerprint, String model, Configuration hadoop,
      TemporalBenchEval.Questions questions) throws IOException {
    String start = modelDigest(model, hadoop);
    Map<String, Object> portable = portable(fingerprint, questions);
    Files.createDirectories(dir.resolve("runs"));
    Path file = dir.resolve("archive.json");
    List<String> diff = TemporalBench.recordOrCompare(file, portable);
    if (!diff.isEmpty()) {
      throw new ConfigError("bench temporal: the archive " + file + " was made with other settings or other test "
          + "questions (" + String.join(", ", diff) + "); its runs would not compare with new ones: use another "
          + "bench_temporal.archive or the same settings");
    }
    return new TemporalBenchArchive(dir, start);
  }

  /**
   * The checkpoint the archived runs of {@code seed} started from and the CPU they ran on, if any ran; several
   * starting points within a seed are refused (an archive edited by hand, or merged from two).
   */
  Optional<Entry> seedStart(long seed) throws IOException {
    Path d = dir.resolve("runs").resolve("seed=" + seed);
    if (!Files.isDirectory(d)) {
      return Optional.empty();
    }
    Entry first = null;
    try (Stream<Path> s = Files.list(d)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        Entry e = JSON.readValue(f.toFile(), Entry.class);
        if (e.modelSha256() == null || e.modelSha256().isBlank()) {
          throw new IllegalStateException("bench temporal: " + f + " names no starting checkpoint (model_sha256)");
        }
        if (first != null && !first.modelSha256().equals(e.modelSha256())) {
          throw new IllegalStateException("bench temporal: the archived runs of seed " + seed + " in " + d + " start "
              + "from two checkpoints (" + first.modelSha256() + ", " + e.modelSha256() + ")");
        }
        first = first == null ? e : first;
      }
    }
    return Optional.ofNullable(first);
  }

  /** The archived result of (seed, mode), if there is one. */
  Optional<Entry> find(long seed, String mode) throws IOException {
    Path f = file(seed, mode);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    Entry e = JSON.readValue(f.toFile(), Entry.class);
    if (e.result() == null || e.result().seed() != seed || !mode.equals(e.result().mode())) {
      throw new IllegalStateException("bench temporal: " + f + " does not hold the run of seed " + seed + " mode "
          + mode);
    }
    return Optional.of(e);
  }

  /** Archives a finished run (once: an archived run is never overwritten). */
  boolean put(TemporalBenchRun.Result r) throws IOException {
    Path f = file(r.seed(), r.mode());
    if (Files.exists(f)) {
      return false;
    }
    Files.createDirectories(f.getParent());
    TemporalBenchRun.writeAtomically(f, JSON.writeValueAsString(new Entry(Stats.cpu(), Instant.now().toString(), start,
        r)));
    return true;
  }

  /** The archived evaluation of this machine's starting checkpoint, if one was archived. */
  Optional<StartEntry> findStart() throws IOException {
    Path f = startFile(start);
    return Files.exists(f) ? Optional.of(readStart(f)) : Optional.empty();
  }

  /** Archives this machine's starting checkpoint's evaluation (once, like a run). */
  boolean putStart(TemporalBenchEval.Scores scores) throws IOException {
    Path f = startFile(start);
    if (Files.exists(f)) {
      return false;
    }
    Files.createDirectories(f.getParent());
    TemporalBenchRun.writeAtomically(f, JSON.writeValueAsString(new StartEntry(Stats.cpu(), Instant.now().toString(),
        start, scores)));
    return true;
  }

  private StartEntry readStart(Path f) throws IOException {
    StartEntry e = JSON.readValue(f.toFile(), StartEntry.class);
    if (e.scores() == null || e.modelSha256() == null || !f.equals(startFile(e.modelSha256()))) {
      throw new IllegalStateException("bench temporal: " + f + " does not hold a starting checkpoint's evaluation "
          + "under its own model_sha256");
    }
    return e;
  }

  private Path startFile(String sha) {
    return dir.resolve("start").resolve("model_sha256=" + sha + ".json");
  }

  private Path file(long seed, String mode) {
    return dir.resolve("runs").resolve("seed=" + seed).resolve("mode=" + mode + ".json");
  }

  /**
   * The fingerprint without the machine's paths: the test questions by digest; the starting checkpoint is per run.
   */
  static Map<String, Object> portable(Map<String, Object> fingerprint, TemporalBenchEval.Questions questions) {
    Map<String, Object> p = new LinkedHashMap<>(fingerprint);
    p.remove("model");
    p.remove("frames");
    p.remove("test_frames");
    p.put("questions_sha256", questionsDigest(questions));
    return p;
  }

  /**
   * SHA-256 over the checkpoint's config.json and safetensors files (name and bytes, in name order), read through
   * Hadoop's FileSystem like the checkpoint itself.
   */
  static String modelDigest(String model, Configuration hadoop) throws IOException {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(model);
    FileSystem fs = dir.getFileSystem(hadoop);
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (st.isFile() && (name.endsWith(".safetensors") || name.equals("config.json"))) {
        files.add(st);
      }
    }
    files.sort(Comparator.comparing(st -> st.getPath().getName()));
    if (files.stream().noneMatch(st -> st.getPath().getName().endsWith(".safetensors"))) {
      throw new ConfigError("bench temporal: " + model + " holds no .safetensors weights");
    }
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 20];
    for (FileStatus st : files) {
      md.update((st.getPath().getName() + "\0").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = fs.open(st.getPath())) {
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** SHA-256 over the questions' problem ids, gold answers and cue letters, in order. */
  static String questionsDigest(TemporalBenchEval.Questions q) {
    MessageDigest md = sha256();
    for (int i = 0; i < q.items().size(); i++) {
      PromptMeta m = q.items().get(i);
      md.update((m.problemId() + "\0" + m.solution() + "\0" + q.cues().get(i) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
