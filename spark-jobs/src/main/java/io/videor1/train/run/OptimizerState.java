package io.videor1.train.run;

import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.io.SafetensorsWriter;
import io.videor1.optim.AdamW;
import io.videor1.optim.LossScaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver's trainable state on disk, in safetensors (float32, exact):
 * {@code trainable.safetensors} holds the master weights by name, {@code optimizer.safetensors} holds
 * {@code exp_avg.<name>} and {@code exp_avg_sq.<name>} (PyTorch's AdamW state names) with the update count in its
 * metadata (and, with float16 executors, the loss scale and its growth tracker). A resumed run continues bit for
 * bit.
 */
public final class OptimizerState {
  static final String WEIGHTS_FILE = "trainable.safetensors";
  static final String OPTIMIZER_FILE = "optimizer.safetensors";

  private OptimizerState() {}

  /** Writes both files into {@code dir}. */
  public static void save(Path dir, TrainableState s) throws IOException {
    Map<String, SafeTensor> w = new LinkedHashMap<>();
    Map<String, SafeTensor> o = new LinkedHashMap<>();
    s.weights().forEach((n, v) -> {
      long[] shape = s.shapes().get(n);
      w.put(n, SafeTensor.ofFloats(v, shape, SafeDType.F32));
      AdamW.State m = s.moments().get(n);
      o.put("exp_avg." + n, SafeTensor.ofFloats(m.m, shape, SafeDType.F32));
      o.put("exp_avg_sq." + n, SafeTensor.ofFloats(m.v, shape, SafeDType.F32));
    });
    SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), w, Map.of("format", "pt"));
    // An ordered map: the writer keeps the metadata's iteration order, and Map.of's differs from JVM to JVM, which
    // would make the files of two equal runs differ.
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    meta.put("optimizer", "AdamW");
    meta.put("step", Integer.toString(s.optimizerSteps()));
    if (s.scaler() != null) { // float16 executors only, so float32 runs write the file they always wrote
      meta.put("loss_scale", Float.toString(s.scaler().scale()));
      meta.put("loss_scale_growth_tracker", Integer.toString(s.scaler().growthTracker()));
    }
    SafetensorsWriter.write(dir.resolve(OPTIMIZER_FILE), o, meta);
  }

  /**
   * Reads the state saved in {@code dir}, checking it has exactly the tensors of {@code expected} with the same
   * shapes (a checkpoint of another model or another LoRA setting is refused).
   */
  public static TrainableState load(Path dir, TrainableState expected) throws IOException {
    Map<String, float[]> w = new LinkedHashMap<>();
    Map<String, AdamW.State> m = new LinkedHashMap<>();
    int steps;
    LossScaler scaler = expected.scaler();
    try (SafetensorsReader wr = SafetensorsReader.open(dir.resolve(WEIGHTS_FILE));
        SafetensorsReader or = SafetensorsReader.open(dir.resolve(OPTIMIZER_FILE))) {
      if (wr.names().size() != expected.weights().size()) {
        throw new IOException("checkpoint has " + wr.names().size() + " trainable tensors, the run "
            + expected.weights().size() + " (model, LoRA or freeze settings differ)");
      }
      for (String n : expected.weights().keySet()) {
        if (!wr.contains(n) || !java.util.Arrays.equals(wr.shape(n), expected.shapes().get(n))) {
          throw new IOException("checkpoint tensor " + n + " is missing or has another shape");
        }
        w.put(n, wr.tensor(n).toFloats());
        m.put(n, new AdamW.State(or.tensor("exp_avg." + n).toFloats(), or.tensor("exp_avg_sq." + n).toFloats()));
      }
      steps = Integer.parseInt(or.metadata().get("step"));
      if (scaler != null) {
        String scale = or.metadata().get("loss_scale");
        if (scale == null) {
          throw new IOException("checkpoint has no loss scale: it was written by a run with float32 executors");
        }
        scaler = new LossScaler(Float.parseFloat(scale),
            Integer.parseInt(or.metadata().get("loss_scale_growth_tracker")), scaler.config());
      }
    }
    return new TrainableState(w, expected.shapes(), m, steps, scaler);
  }
}
