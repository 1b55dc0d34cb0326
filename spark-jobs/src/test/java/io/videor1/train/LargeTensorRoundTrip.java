package io.videor1.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.params.ParamCodec;
import io.videor1.optim.AdamW;
import io.videor1.train.run.OptimizerState;
import io.videor1.train.run.TrainableState;
import io.videor1.train.step.GradientShards;
import io.videor1.train.step.ShardKey;
import io.videor1.train.step.WeightBroadcaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import scala.Tuple2;

/**
 * One tensor just over 2 GiB in fp32 (131,073 × 4,096 floats, 2,147,500,032 bytes; 7B's {@code embed_tokens} is
 * 152,064 × 3,584) through every path that holds, moves or stores a tensor: broadcast parts split by rows and put
 * back into a parameter, gradient shards split and reassembled, a checkpoint saved and loaded in f32, f16 and bf16
 * (into the existing parameter and into a fresh one), and the optimizer state (weights, exp_avg, exp_avg_sq: a 4.3
 * GB file, past 4 GiB) saved and loaded.
 *
 * <p>Run in its own JVM by {@code LargeTensorsIT} with the heap it needs. One Java copy of the values is kept until the
 * optimizer state is loaded (three copies, the most at once); engine arrays are closed as soon as they are checked.
 * Values follow a position hash, so a misplaced chunk shows. Prints one line per phase and, last, {@code all paths
 * round-tripped} and the peak resident memory.
 */
public final class LargeTensorRoundTrip {
  static final long ROWS = 131_073;
  static final long COLS = 4_096;
  static final int N = (int) (ROWS * COLS);
  static final long[] SHAPE = {ROWS, COLS};
  static final String NAME = "model.embed_tokens.weight";

  private LargeTensorRoundTrip() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    if (4L * N <= Integer.MAX_VALUE) {
      throw new AssertionError("the tensor must be over 2 GiB");
    }
    long t0 = System.nanoTime();
    float[] v = pattern(); // the one copy kept throughout: fresh memory is what costs here
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = broadcast(v, m);
      done("broadcast: 3 parts of whole rows, into a parameter by rows, read back", t0);
      checkpoint(v, p, m, dir.resolve("checkpoint"));
      done("checkpoint: saved and loaded in f32 (in place), f16 and bf16 (fresh arrays)", t0);
    }
    gradientShards(v);
    done("gradient shards: split into chunks of 4,194,304 floats and reassembled", t0);
    saveOptimizerState(v, dir.resolve("state"));
    v = null; // loading makes three copies: the heap holds those alone
    free();
    loadOptimizerState(dir.resolve("state"));
    done("optimizer state: weights, exp_avg, exp_avg_sq saved and loaded", t0);
    System.out.println("all paths round-tripped; peak resident " + status("VmHWM"));
  }

  /** The weights as broadcast parts, put into a zeroed parameter part by part, read back; returns the parameter. */
  static Parameter broadcast(float[] v, NDManager m) {
    List<byte[]> parts = WeightBroadcaster.encode(Map.of(NAME, v), Map.of(NAME, SHAPE), 1L << 30);
    check(parts.size() == 3, "parts: " + parts.size());
    Parameter p = param();
    p.setArray(m.zeros(new Shape(SHAPE)));
    for (int i = 0; i < parts.size(); i++) {
      ParamCodec.fromBytes(Map.of(NAME, p), parts.get(i));
      parts.set(i, null);
    }
    free();
    check(Arrays.equals(v, ParamCodec.toFloats(Map.of(NAME, p)).get(NAME)), "broadcast: values differ");
    return p;
  }

  /** {@code p} (holding {@code v}) saved in f32, f16 and bf16; f32 loaded back into it, f16 and bf16 afresh. */
  static void checkpoint(float[] v, Parameter p, NDManager m, Path dir) throws IOException {
    for (SafeDType d : new SafeDType[] {SafeDType.F32, SafeDType.F16, SafeDType.BF16}) {
      ModelWeights.save(Map.of(NAME, p), dir.resolve(d.name()), d, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
      long size = Files.size(dir.resolve(d.name()).resolve(CheckpointReader.SINGLE_FILE));
      check(size > N * (long) d.size(), d + " file of " + size + " bytes");
    }
    p.getArray().muli(0);
    free();
    load(p, m, dir.resolve("F32"));
    check(Arrays.equals(v, ParamCodec.toFloats(Map.of(NAME, p)).get(NAME)), "checkpoint f32: values differ");
    p.getArray().close();
    delete(dir.resolve("F32"));
    for (SafeDType d : new SafeDType[] {SafeDType.F16, SafeDType.BF16}) {
      free();
      Parameter fresh = param();
      load(fresh, m, dir.resolve(d.name()));
      float[] got = ParamCodec.toFloats(Map.of(NAME, fresh)).get(NAME);
      fresh.getArray().close();
      for (int i = 0; i < N; i++) {
        float want = d == SafeDType.F16 ? SafeTensor.halfToFloat(SafeTensor.floatToHalf(v[i]))
            : Float.intBitsToFloat((SafeTensor.toBf16(v[i]) & 0xffff) << 16);
        if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want)) {
          throw new AssertionError("checkpoint " + d + ": element " + i + " is " + got[i] + ", expected " + want);
        }
      }
      delete(dir.resolve(d.name()));
    }
  }

  private static void load(Parameter p, NDManager m, Path dir) throws IOException {
    try (CheckpointReader r = CheckpointReader.open(dir)) {
      ModelWeights.load(Map.of(NAME, p), Map.of(NAME, new Shape(SHAPE)), m, r, DataType.FLOAT32);
    }
  }

  static void gradientShards(float[] v) {
    int chunk = 4_194_304; // train.gradient_chunk's default
    List<Tuple2<ShardKey, float[]>> chunks = GradientShards.split(Map.of(NAME, v), chunk);
    check(chunks.size() == (N + chunk - 1) / chunk, "chunks: " + chunks.size());
    Map<String, float[]> back = GradientShards.assemble(chunks.iterator(), Map.of(NAME, N), chunk);
    chunks = null;
    check(Arrays.equals(v, back.get(NAME)), "gradient shards: values differ");
  }

  /** Weights and both moments of {@code v} saved: a 2.15 GB and a 4.3 GB file. */
  static void saveOptimizerState(float[] v, Path dir) throws IOException {
    Files.createDirectories(dir);
    OptimizerState.save(dir, new TrainableState(Map.of(NAME, v), Map.of(NAME, SHAPE),
        Map.of(NAME, new AdamW.State(v, v)), 7));
    long size = Files.size(dir.resolve("optimizer.safetensors"));
    check(size > 4L << 30, "optimizer.safetensors of " + size + " bytes, over 4 GiB");
  }

  /** The state saved by {@link #saveOptimizerState}, loaded as three arrays and checked against the pattern. */
  static void loadOptimizerState(Path dir) throws IOException {
    TrainableState expected = new TrainableState(Map.of(NAME, new float[0]), Map.of(NAME, SHAPE), Map.of(), 0);
    TrainableState back = OptimizerState.load(dir, expected);
    check(back.optimizerSteps() == 7, "steps " + back.optimizerSteps());
    float[] w = back.weights().get(NAME);
    check(w.length == N, "trainable weights: " + w.length + " elements");
    for (int i = 0; i < N; i++) {
      if (Float.floatToIntBits(w[i]) != Float.floatToIntBits(value(i))) {
        throw new AssertionError("trainable weights: element " + i + " is " + w[i] + ", expected " + value(i));
      }
    }
    check(Arrays.equals(w, back.moments().get(NAME).m), "exp_avg differs");
    check(Arrays.equals(w, back.moments().get(NAME).v), "exp_avg_sq differs");
    delete(dir);
  }

  /** A value of 20 significant bits (exact in fp32) from a hash of the position. */
  static float value(int i) {
    return ((i * 0x9E3779B97F4A7C15L) >>> 44) * 0x1p-10f - 512f;
  }

  static float[] pattern() {
    float[] v = new float[N];
    for (int i = 0; i < N; i++) {
      v[i] = value(i);
    }
    return v;
  }

  private static Parameter param() {
    return Parameter.builder().setName(NAME).setType(Parameter.Type.WEIGHT).build();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /**
   * Collects the arrays just dropped, so the next large one reuses their memory instead of growing the heap (the
   * parallel collector gives nothing back to the system, so without this the peak is every copy ever made).
   */
  private static void free() {
    System.gc();
  }

  private static void done(String what, long t0) {
    free();
    System.out.printf("ok: %s (%.0f s, resident %s)%n", what, (System.nanoTime() - t0) / 1e9, status("VmRSS"));
  }

  /** A line of /proc/self/status, e.g. VmHWM (peak resident). */
  static String status(String key) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
          .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static void delete(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
