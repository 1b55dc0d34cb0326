package io.videor1.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.exec.ExecutorModels;
import io.videor1.model.io.SafeDType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * What a training checkpoint holds, written through {@link CheckpointStore} (temporary name, then rename):
 *
 * <pre>
 * step-N/model/                  the policy in Hugging Face layout (LoRA merged in), loadable by transformers/vLLM
 * step-N/adapter/                under LoRA: the PEFT adapter (adapter_config.json, adapter_model.safetensors)
 * step-N/trainable.safetensors   the driver's float32 master weights of the trainable tensors
 * step-N/optimizer.safetensors   AdamW's exp_avg / exp_avg_sq and the update count
 * step-N/trainer_state.json      step, weight version, data cursor and RNG state
 * step-N/run.json                the run's resolved configuration and versions
 * </pre>
 */
public final class TrainCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainCheckpoint() {}

  /** What resuming needs. */
  public record Resumed(int step, TrainableState state, JsonNode trainerState, JsonNode manifest) {}

  /**
   * Writes the checkpoint of {@code step}.
   *
   * @param policy the driver's policy, which writes {@code model/} (and {@code adapter/}) of {@code state}'s weights
   * @param dtype dtype of {@code model/}'s weights
   */
  public static CheckpointStore.Checkpoint save(CheckpointStore store, int step, DriverPolicy policy,
      TrainableState state, ObjectNode trainerState, JsonNode manifest, SafeDType dtype, int keep) throws IOException {
    Path local = Files.createTempDirectory("videor1-ckpt-");
    try {
      OptimizerState.save(local, state);
      Files.writeString(local.resolve("trainer_state.json"), RunManifest.toJson(trainerState),
          StandardCharsets.UTF_8);
      Files.writeString(local.resolve("run.json"), RunManifest.toJson(manifest), StandardCharsets.UTF_8);
      policy.writeModel(local, state.weights(), dtype);
      return store.save(step, (fs, dir) -> upload(fs, local, dir), keep);
    } finally {
      deleteTree(local);
    }
  }

  /** Reads the newest whole checkpoint of {@code store}, if any, checked against {@code expected}. */
  public static Optional<Resumed> latest(CheckpointStore store, TrainableState expected, Configuration conf)
      throws IOException {
    Optional<CheckpointStore.Checkpoint> c = store.latest();
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Path dir = ExecutorModels.localDir(c.get().dir().toString(), conf);
    TrainableState s = OptimizerState.load(dir, expected);
    JsonNode trainer = JSON.readTree(Files.readString(dir.resolve("trainer_state.json")));
    JsonNode manifest = JSON.readTree(Files.readString(dir.resolve("run.json")));
    return Optional.of(new Resumed(c.get().step(), s, trainer, manifest));
  }

  /** The trainer state of a step: cursor and RNG are pure functions of (seed, step), so these fields suffice. */
  public static ObjectNode trainerState(int step, TrainableState s, long seed, int promptsPerStep, int prompts) {
    ObjectNode n = JSON.createObjectNode();
    n.put("step", step);
    n.put("weight_version", step);
    n.put("optimizer_steps", s.optimizerSteps());
    ObjectNode cursor = n.putObject("data_cursor");
    cursor.put("next_step", step + 1);
    cursor.put("prompts_consumed", (long) step * promptsPerStep);
    cursor.put("prompts", prompts);
    cursor.put("epoch", prompts == 0 ? 0 : (long) step * promptsPerStep / prompts);
    ObjectNode rng = n.putObject("rng");
    rng.put("seed", seed);
    rng.put("scheme", "every draw is seeded by Seeds.derive(seed, step, prompt, sample); no generator state");
    return n;
  }

  static void upload(FileSystem fs, Path local, org.apache.hadoop.fs.Path dir) throws IOException {
    try (Stream<Path> s = Files.list(local)) {
      for (Path p : s.toList()) {
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(p.toUri()),
            new org.apache.hadoop.fs.Path(dir, p.getFileName().toString()));
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
