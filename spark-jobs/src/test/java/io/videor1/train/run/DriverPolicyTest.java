package io.videor1.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.params.ParamCodec;
import io.videor1.prompt.PromptStyle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver under LoRA holds the adapters and nothing of the base, starts them where a loaded replica would, and
 * writes checkpoints equal byte for byte to the whole-model merge it replaced.
 */
class DriverPolicyTest {
  @TempDir Path tmp;

  private static final Configuration CONF = new Configuration();
  private static final long SEED = 42;

  private ModelSpec lora(String init) {
    return new ModelSpec(init, LoraConfig.languageModel(4, 8, 0.0), List.of(), PromptStyle.SHORT, 2.0);
  }

  @Test
  void underLoraTheDriverHoldsOnlyAdaptersDrawnFromTheConfigAlone() throws Exception {
    String init = ModelSource.resolve("random:tiny", tmp.resolve("run").toString(), 1, 0.02, CONF);
    Map<String, float[]> replica;
    List<String> order;
    try (PolicyReplica r = PolicyReplica.load(lora(init), SEED, CONF, Device.cpu(), DataType.FLOAT32)) {
      replica = ParamCodec.toFloats(r.trainable());
      order = r.names();
    }
    // A base whose weights are all zero bytes: the driver's adapters cannot depend on anything but config.json.
    Path blank = copy(Path.of(init), tmp.resolve("blank"));
    zeroTensorData(blank.resolve("model.safetensors"));
    try (DriverPolicy p = DriverPolicy.open(lora(blank.toString()), SEED, CONF)) {
      assertInstanceOf(LoraDriverPolicy.class, p);
      assertEquals(Set.of(), p.heldTensors(), "no tensor of the base");
      Map<String, float[]> w = p.initialWeights();
      assertEquals(order, new ArrayList<>(w.keySet()), "the executors' order");
      replica.forEach((n, v) -> assertArrayEquals(v, w.get(n), n));
      TrainableState s = TrainableState.of(w, p.shapes());
      assertEquals(replica.keySet(), s.weights().keySet(), "the state holds the adapters and nothing else");
      assertTrue(s.weights().keySet().stream().allMatch(n -> n.contains(".lora_")));
    }
    try (DriverPolicy full = DriverPolicy.open(new ModelSpec(init, null, List.of(), PromptStyle.SHORT, 2.0), SEED,
        CONF)) {
      assertInstanceOf(FullDriverPolicy.class, full);
      assertEquals(Set.of(), full.heldTensors(), "full weights: the trainable state's tensors, no model");
    }
  }

  /**
   * Full weights, some frozen: the driver starts the trainable tensors where a loaded float32 replica has them, in the
   * executors' order, and writes checkpoints equal byte for byte to saving that replica with the trained values in.
   */
  @Test
  void fullWeightsStartAndSaveAsTheLoadedModelDidWithoutHoldingIt() throws Exception {
    String f32 = ModelSource.resolve("random:tiny", tmp.resolve("run").toString(), 2, 0.02, CONF);
    Path bf16 = tmp.resolve("bf16");
    try (VisionLanguageModel m = VisionLanguageModel.load(Path.of(f32), VisionLanguageModel.LoadOptions.cpu())) {
      m.save(bf16, SafeDType.BF16, Long.MAX_VALUE);
    }
    for (String init : List.of(f32, bf16.toString())) {
      for (List<String> freeze : List.of(List.<String>of(), List.of("visual", "model"))) {
        ModelSpec spec = new ModelSpec(init, null, freeze, PromptStyle.SHORT, 2.0);
        try (DriverPolicy p = DriverPolicy.open(spec, SEED, CONF);
            PolicyReplica r = PolicyReplica.load(spec, SEED, CONF, Device.cpu(), DataType.FLOAT32)) {
          Map<String, float[]> trained = p.initialWeights();
          assertEquals(r.names(), new ArrayList<>(trained.keySet()), freeze + ": the executors' order");
          Map<String, float[]> replica = ParamCodec.toFloats(r.trainable());
          replica.forEach((n, v) -> assertArrayEquals(v, trained.get(n), n));
          if (!freeze.isEmpty()) {
            assertEquals(List.of("lm_head.weight"), r.names(), "visual and model frozen: the head alone trains");
          }
          Random rng = new Random(5);
          trained.values().forEach(v -> {
            for (int i = 0; i < v.length; i++) {
              v[i] += (float) rng.nextGaussian() * 0.05f;
            }
          });
          for (SafeDType dtype : List.of(SafeDType.F32, SafeDType.BF16)) {
            String what = init.equals(f32) ? "f32 base" : "bf16 base";
            Path streamed = tmp.resolve("s-" + what.charAt(0) + freeze.size() + dtype);
            p.writeModel(streamed, trained, dtype);
            Path whole = tmp.resolve("w-" + what.charAt(0) + freeze.size() + dtype);
            ParamCodec.fromFloats(r.trainable(), trained);
            r.vlm().save(whole.resolve("model"), dtype, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
            assertSameFiles(whole.resolve("model"), streamed.resolve("model"), what + " " + freeze + " " + dtype);
          }
        }
      }
    }
  }

  @Test
  void checkpointDtypeAutoIsTheStartingCheckpointsOwn() throws Exception {
    String init = ModelSource.resolve("random:tiny", tmp.resolve("run").toString(), 1, 0.02, CONF);
    Path bf16 = tmp.resolve("bf16");
    try (VisionLanguageModel m = VisionLanguageModel.load(Path.of(init), VisionLanguageModel.LoadOptions.cpu())) {
      m.save(bf16, SafeDType.BF16, Long.MAX_VALUE);
    }
    try (DriverPolicy a = DriverPolicy.open(lora(init), SEED, CONF);
        DriverPolicy b = DriverPolicy.open(lora(bf16.toString()), SEED, CONF);
        DriverPolicy c = DriverPolicy.open(new ModelSpec(bf16.toString(), null, List.of(), PromptStyle.SHORT, 2.0),
            SEED, CONF)) {
      assertEquals(SafeDType.F32, a.baseDtype());
      assertEquals(SafeDType.BF16, b.baseDtype());
      assertEquals(SafeDType.BF16, c.baseDtype(), "full weights: the same rule");
    }
  }

  @Test
  void checkpointsMergeTensorByTensorAsTheWholeModelMergeDid() throws Exception {
    String init = ModelSource.resolve("random:tiny", tmp.resolve("run").toString(), 2, 0.02, CONF);
    ModelSpec spec = lora(init);
    for (SafeDType dtype : List.of(SafeDType.F32, SafeDType.BF16)) {
      try (DriverPolicy p = DriverPolicy.open(spec, SEED, CONF);
          PolicyReplica r = PolicyReplica.load(spec, SEED, CONF, Device.cpu(), DataType.FLOAT32)) {
        Map<String, float[]> trained = p.initialWeights();
        Random rng = new Random(3);
        trained.values().forEach(v -> {
          for (int i = 0; i < v.length; i++) {
            v[i] += (float) rng.nextGaussian() * 0.05f;
          }
        });
        Path streamed = tmp.resolve("streamed-" + dtype);
        p.writeModel(streamed, trained, dtype);
        Path whole = tmp.resolve("whole-" + dtype);
        wholeModelMerge(r, spec, trained, whole, dtype);
        for (String sub : List.of("adapter", "model")) {
          assertSameFiles(whole.resolve(sub), streamed.resolve(sub), dtype + " " + sub);
        }
      }
    }
  }

  /** TrainCheckpoint.writeModel before the driver dropped the base: adapter from the replica, base loaded, merged. */
  private static void wholeModelMerge(PolicyReplica r, ModelSpec spec, Map<String, float[]> weights, Path dir,
      SafeDType dtype) throws IOException {
    ParamCodec.fromFloats(r.trainable(), weights);
    Path adapter = dir.resolve("adapter");
    r.lora().save(adapter, spec.initDir(), SafeDType.F32);
    try (VisionLanguageModel merged = VisionLanguageModel.load(Path.of(spec.initDir()),
        VisionLanguageModel.LoadOptions.cpu())) {
      LoraAdapter.load(merged.model(), adapter).merge();
      merged.save(dir.resolve("model"), dtype, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
    }
  }

  /** Overwrites every byte after the header with zeros (the header, and so validation, unchanged). */
  private static void zeroTensorData(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    long headerLen = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Arrays.fill(b, (int) (8 + headerLen), b.length, (byte) 0);
    Files.write(file, b);
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  private static void assertSameFiles(Path a, Path b, String what) throws IOException {
    List<String> names = list(a);
    assertEquals(names, list(b), what + ": files");
    for (String f : names) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), what + ": " + f);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
