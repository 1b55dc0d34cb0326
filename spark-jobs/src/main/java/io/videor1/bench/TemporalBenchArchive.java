package io.videor1.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Iterator;
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
 * the same settings and the same starting point adopts the archived runs instead of re-running them, and archives its
 * own as each finishes.
 *
 * <p>"The same starting point" is checked by content, not by path: the SHA-256 of the SFT checkpoint's weights and
 * config, and of the test questions (problem id, gold answer, cue letter). The demo's preparation replays bit for bit
 * on one CPU type, so a fresh machine of that type rebuilds the same checkpoint and may continue the archive; on
 * another CPU type the checkpoint's bits differ and the archive is refused (the pre-registration compares arms from one
 * SFT checkpoint). Each archived run also names the CPU it ran on.
 *
 * <pre>
 * ARCHIVE/archive.json                 what decides a run's numbers (paths replaced by the digests above)
 * ARCHIVE/runs/seed=S/mode=M.json      {"cpu", "archived", "result": the run's result.json}
 * </pre>
 */
final class TemporalBenchArchive {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One archived run: where it ran, when it was archived, its result. */
  record Entry(String cpu, String archived, TemporalBenchRun.Result result) {}

  private final Path dir;

  private TemporalBenchArchive(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens (or starts) the archive at {@code dir} for runs with {@code fingerprint} (the bench's own, with paths)
   * starting from {@code model} and evaluated on {@code questions}; refuses one made from other settings or another
   * starting point, naming what differs.
   */
  static TemporalBenchArchive open(Path dir, Map<String, Object> fingerprint, String model, Configuration hadoop,
      TemporalBenchEval.Questions questions) throws IOException {
    Map<String, Object> portable = portable(fingerprint, modelDigest(model, hadoop), questions);
    Files.createDirectories(dir.resolve("runs"));
    Path file = dir.resolve("archive.json");
    JsonNode now = JSON.valueToTree(portable);
    if (!Files.exists(file)) {
      TemporalBenchRun.writeAtomically(file, JSON.writeValueAsString(now));
      return new TemporalBenchArchive(dir);
    }
    JsonNode before = JSON.readTree(file.toFile());
    List<String> diff = new ArrayList<>();
    for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!String.valueOf(now.get(k)).equals(String.valueOf(before.get(k)))) {
        diff.add(k + " " + before.get(k) + " -> " + now.get(k));
      }
    }
    if (!diff.isEmpty()) {
      String why = diff.stream().anyMatch(d -> d.startsWith("model_sha256")) ? " (another SFT checkpoint: other demo "
          + "settings, or the preparation ran on another CPU type than the archive's, "
          + String.join(", ", cpus(dir)) + ")" : "";
      throw new ConfigError("bench temporal: the archive " + file + " was made with other settings or another "
          + "starting point (" + String.join(", ", diff) + ")" + why + "; its runs would not compare with new ones: "
          + "use another bench_temporal.archive or the same settings");
    }
    return new TemporalBenchArchive(dir);
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
    TemporalBenchRun.writeAtomically(f, JSON.writeValueAsString(new Entry(Stats.cpu(), Instant.now().toString(), r)));
    return true;
  }

  private Path file(long seed, String mode) {
    return dir.resolve("runs").resolve("seed=" + seed).resolve("mode=" + mode + ".json");
  }

  /** The CPUs the archived runs ran on (for the refusal's message). */
  private static List<String> cpus(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir.resolve("runs"))) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir.resolve("runs"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
        String cpu = JSON.readTree(p.toFile()).path("cpu").asText();
        if (!out.contains(cpu)) {
          out.add(cpu);
        }
      }
    }
    return out;
  }

  /** The fingerprint with the machine's paths replaced by digests of what they hold. */
  static Map<String, Object> portable(Map<String, Object> fingerprint, String modelDigest,
      TemporalBenchEval.Questions questions) {
    Map<String, Object> p = new LinkedHashMap<>(fingerprint);
    p.remove("model");
    p.remove("frames");
    p.remove("test_frames");
    p.put("model_sha256", modelDigest);
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
