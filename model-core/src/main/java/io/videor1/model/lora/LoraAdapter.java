package io.videor1.model.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Seeds;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.io.SafetensorsWriter;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * LoRA adapters on the linear layers of a {@link Qwen25VlModel}, saved and loaded in PEFT's layout
 * ({@code adapter_config.json} + {@code adapter_model.safetensors} with keys
 * {@code base_model.model.<module>.lora_A.weight} [r, in] and {@code .lora_B.weight} [out, r}).
 *
 * <p>As PEFT initialises them, A is Kaiming-uniform (bound 1/√in) and B is zero, so a fresh adapter leaves the
 * model's outputs unchanged; here A is drawn from a Java RNG seeded by (seed, module name).
 */
public final class LoraAdapter {
  /** PEFT's key prefix. */
  public static final String PREFIX = CheckpointValidator.PEFT_PREFIX;

  private final LoraConfig config;
  private final Map<String, Linear> modules;
  private final Map<String, Parameter> params = new LinkedHashMap<>();

  private LoraAdapter(LoraConfig config, Map<String, Linear> modules) {
    this.config = config;
    this.modules = modules;
    modules.forEach((name, lin) -> {
      params.put(name + ".lora_A.weight", lin.lora().a());
      params.put(name + ".lora_B.weight", lin.lora().b());
    });
  }

  /** The adapter's settings. */
  public LoraConfig config() {
    return config;
  }

  /** The adapter parameters by module name + {@code .lora_A.weight} / {@code .lora_B.weight}. */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** The adapted linear layers by module name. */
  public static Map<String, Linear> targets(Qwen25VlModel model, LoraConfig config) {
    Map<String, HfBlock> all = new LinkedHashMap<>();
    model.modules("", all);
    Map<String, Linear> out = new LinkedHashMap<>();
    all.forEach((name, b) -> {
      if (b instanceof Linear lin && !name.equals("lm_head") && config.matches(name)) {
        out.put(name, lin);
      }
    });
    if (out.isEmpty()) {
      throw new IllegalArgumentException("lora.targetModules " + config.targetModules() + " match no linear layer");
    }
    return out;
  }

  /** Attaches fresh adapters (A random, B zero) to every matching linear layer. */
  public static LoraAdapter attach(Qwen25VlModel model, LoraConfig config, long seed) {
    Map<String, Linear> targets = targets(model, config);
    NDManager m = model.manager();
    DataType dt = model.dataType();
    targets.forEach((name, lin) -> {
      float[] a = initialA(seed, name, config.r(), lin.in());
      NDArray aArr = m.create(a, new Shape(config.r(), lin.in())).toType(dt, false);
      NDArray bArr = m.zeros(new Shape(lin.out(), config.r()), dt);
      lin.attachLora(param("lora_A.weight", aArr), param("lora_B.weight", bArr), config.scale(),
          (float) config.dropout());
    });
    return new LoraAdapter(config, targets);
  }

  /** The starting lora_A [r, in] of module {@code name}: Kaiming-uniform (bound 1/√in) from (seed, name). */
  public static float[] initialA(long seed, String name, int r, int in) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, name.hashCode()));
    float bound = (float) (1.0 / Math.sqrt(in));
    float[] a = new float[r * in];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }
    return a;
  }

  /**
   * Float32 values of an adapter by parameter name, with their shapes.
   *
   * @param values {@code <module>.lora_A.weight} and {@code .lora_B.weight} of each adapted module, in module order
   * @param shapes A [r, in], B [out, r]
   */
  public record Weights(Map<String, float[]> values, Map<String, long[]> shapes) {}

  /**
   * The adapter {@link #attach} would create on a float32 model of shape {@code model} with {@code seed}, as plain
   * arrays in the same order, without a model's weights: a driver that trains only adapters holds these and nothing
   * of the base.
   */
  public static Weights initialWeights(Qwen25VlConfig model, LoraConfig config, long seed) {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      // Constructing the blocks names the modules and sizes the parameters; no parameter array is allocated.
      targets(new Qwen25VlModel(model, m), config).forEach((name, lin) -> {
        values.put(name + ".lora_A.weight", initialA(seed, name, config.r(), lin.in()));
        shapes.put(name + ".lora_A.weight", new long[] {config.r(), lin.in()});
        values.put(name + ".lora_B.weight", new float[lin.out() * config.r()]);
        shapes.put(name + ".lora_B.weight", new long[] {lin.out(), config.r()});
      });
    }
    return new Weights(values, shapes);
  }

  private static Parameter param(String name, NDArray a) {
    Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    p.setArray(a);
    return p;
  }

  /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors} (F32, or the given dtype). */
  public void save(Path dir, String baseModel, SafeDType dtype) throws IOException {
    Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    params.forEach((n, p) -> tensors.put(PREFIX + n, ModelWeights.toSafe(p.getArray(), dtype)));
    write(dir, config, baseModel, tensors);
  }

  /** Writes an adapter of float32 {@code weights} (names as {@link #parameters()}) in F32, as {@link #save} would. */
  public static void save(Path dir, LoraConfig config, String baseModel, Weights weights) throws IOException {
    Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    weights.values().forEach((n, v) -> tensors.put(PREFIX + n,
        SafeTensor.ofFloats(v, weights.shapes().get(n), SafeDType.F32)));
    write(dir, config, baseModel, tensors);
  }

  private static void write(Path dir, LoraConfig config, String baseModel, Map<String, SafeTensor> tensors)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("adapter_config.json"), config.toJson(baseModel), StandardCharsets.UTF_8);
    Map<String, SafeTensor> ordered = new LinkedHashMap<>();
    SafetensorsWriter.referenceOrder(tensors).forEach(n -> ordered.put(n, tensors.get(n)));
    SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), ordered, Map.of("format", "pt"));
  }

  /** Attaches the adapter saved in {@code dir} (PEFT layout) to {@code model}. */
  public static LoraAdapter load(Qwen25VlModel model, Path dir) throws IOException {
    LoraConfig config = LoraConfig.fromJson(Files.readString(dir.resolve("adapter_config.json")));
    Map<String, Linear> targets = targets(model, config);
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("adapter_model.safetensors"))) {
      for (Map.Entry<String, Linear> e : targets.entrySet()) {
        NDArray a = ModelWeights.toNd(model.manager(), r.tensor(PREFIX + e.getKey() + ".lora_A.weight"),
            model.dataType());
        NDArray b = ModelWeights.toNd(model.manager(), r.tensor(PREFIX + e.getKey() + ".lora_B.weight"),
            model.dataType());
        e.getValue().attachLora(param("lora_A.weight", a), param("lora_B.weight", b), config.scale(),
            (float) config.dropout());
      }
    }
    return new LoraAdapter(config, targets);
  }

  /** Folds every adapter into its layer's weight (W += α/r · B·A) and removes the adapters. */
  public void merge() {
    for (Linear lin : modules.values()) {
      Linear.Lora l = lin.lora();
      NDArray w = lin.weight().getArray();
      try (NDManager m = w.getManager().newSubManager()) {
        NDArray delta = l.b().getArray().matMul(l.a().getArray()); // [out, in]
        delta.attach(m);
        NDArray scaled = delta.mul(l.scale());
        scaled.attach(m);
        w.addi(scaled);
      }
      lin.detachLora();
    }
  }
}
