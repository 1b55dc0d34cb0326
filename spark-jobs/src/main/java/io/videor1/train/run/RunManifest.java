package io.videor1.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run.json}: the resolved configuration of a run with the versions and inputs behind it, written into the run
 * directory and into every checkpoint.
 *
 * <p>A resumed run must present the same configuration (everything but {@code resume} and {@code stop_after});
 * anything else could not reproduce the uninterrupted trajectory, so it is refused with the differing keys named.
 * A key that a later version added, and that a stored manifest therefore lacks, is no difference while its value is
 * the one under which the new code computes what the version that wrote the manifest computed
 * ({@link #ADDED_NEUTRAL}): a run started before an upgrade resumes after it.
 */
public final class RunManifest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /**
   * Keys a resumed run may change: a field name anywhere, or a dotted path. They decide where and how fast a run
   * computes, or how it writes its output, never what it computes: {@code optim.threads} (every count gives the same
   * bits) and {@code checkpointDtype} (the dtype of {@code model/}, which training never reads back: a resume starts
   * from the float32 master weights of {@code trainable.safetensors}).
   */
  static final Set<String> RESUMABLE = Set.of("resume", "stopAfter", "taskGpus", "taskCpus", "requireGpu",
      "optim.threads", "checkpointDtype");
  /**
   * Configuration keys added after run manifests were first written, with the value that reproduces the runs written
   * before them: fp32 compute (its loss-scaling settings then unused), one prompt per rollout batch, padded and plain
   * log-prob passes, the published temporal objective ({@code train.temporal_mode = reference} with the other modes'
   * default settings, which it does not read), and the contrast term's later settings at the values it had before
   * them (k3 over every token).
   */
  static final Map<String, JsonNode> ADDED_NEUTRAL = Map.of(
      "rl.temporalMode", JSON.valueToTree(io.videor1.rl.TemporalModeOptions.reference()),
      "rl.temporalMode.contrastEstimator", JSON.getNodeFactory().textNode("k3"),
      "rl.temporalMode.contrastTokens", JSON.getNodeFactory().textNode("all"),
      "spec.computeDtype", JSON.getNodeFactory().textNode("FLOAT32"),
      "rolloutPromptsPerBatch", JSON.getNodeFactory().numberNode(1),
      "logprobBuckets", JSON.getNodeFactory().booleanNode(false),
      "logprobPass", JSON.createObjectNode().put("microBatch", 0).put("recompute", false));
  /** Added keys that matter only where a neutral key above is not neutral (loss scaling acts only in fp16). */
  static final Set<String> ADDED_UNUSED = Set.of("optim.lossScaling");

  private RunManifest() {}

  /** The manifest of a run of {@code job} with configuration record {@code config}. */
  public static ObjectNode of(String job, Object config, String dataVersion, int prompts) {
    ObjectNode n = JSON.createObjectNode();
    n.put("job", job);
    n.set("config", JSON.valueToTree(config));
    ObjectNode data = n.putObject("data");
    data.put("frames", dataVersion);
    data.put("prompts", prompts);
    ObjectNode v = n.putObject("versions");
    v.put("videor1", "0.1.0");
    v.put("java", System.getProperty("java.version"));
    v.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    v.put("djl", ai.djl.engine.Engine.getDjlVersion());
    v.put("pytorch", ai.djl.engine.Engine.getInstance().getVersion());
    v.put("git", gitHead());
    n.put("host", host());
    n.put("created", Instant.now().toString());
    return n;
  }

  /** Serialised form. */
  public static String toJson(JsonNode n) throws IOException {
    return JSON.writeValueAsString(n) + "\n";
  }

  /** Parses a manifest. */
  public static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }

  /**
   * The configuration keys whose values differ between a stored manifest and the current one, ignoring
   * {@link #RESUMABLE} keys; empty when a resume may proceed.
   */
  public static List<String> differences(JsonNode stored, JsonNode current) {
    List<String> out = new ArrayList<>();
    diff("", stored.path("config"), current.path("config"), out);
    return out;
  }

  private static void diff(String prefix, JsonNode a, JsonNode b, List<String> out) {
    if (a.isMissingNode() && (ADDED_UNUSED.contains(prefix)
        || ADDED_NEUTRAL.containsKey(prefix) && diffOf(ADDED_NEUTRAL.get(prefix), b).isEmpty())) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> names = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String f : names) {
        String path = prefix.isEmpty() ? f : prefix + "." + f;
        if (!RESUMABLE.contains(f) && !RESUMABLE.contains(path) && !f.equals("out")) {
          diff(path, a.path(f), b.path(f), out);
        }
      }
    } else if (a.isNumber() && b.isNumber()) {
      if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
        out.add(prefix + " (" + a + " -> " + b + ")");
      }
    } else if (!a.equals(b)) {
      out.add(prefix + " (" + a + " -> " + b + ")");
    }
  }

  private static List<String> diffOf(JsonNode a, JsonNode b) {
    List<String> out = new ArrayList<>();
    diff("", a, b, out);
    return out;
  }

  private static String gitHead() {
    try {
      Path git = Path.of(System.getProperty("videor1.repo.dir", "."), ".git");
      String head = Files.readString(git.resolve("HEAD")).trim();
      if (head.startsWith("ref: ")) {
        Path ref = git.resolve(head.substring(5));
        return Files.exists(ref) ? Files.readString(ref).trim() : head.substring(5);
      }
      return head;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

}
