package io.videor1.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.SafeDType;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import io.videor1.model.tokenizer.PromptTemplates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Builds tiny checkpoints and inputs for tests: random weights from a fixed seed, byte-level tokenizer files. */
public final class TinyCheckpoints {
  private TinyCheckpoints() {}

  /** Writes tokenizer.json, tokenizer_config.json and preprocessor_config.json for a model of {@code vocab} ids. */
  public static Path tokenizerDir(Path dir, int vocab) throws IOException {
    ByteTokenizerFiles.write(dir, vocab);
    PreprocessorConfig.qwen25vl().write(dir);
    return dir;
  }

  /** A random model of shape {@code config} with tokenizer files under {@code dir} (not saved). */
  public static VisionLanguageModel random(Path dir, Qwen25VlConfig config, long seed, double std)
      throws IOException {
    tokenizerDir(dir, config.text().vocabSize());
    return VisionLanguageModel.random(config, dir, seed, std, VisionLanguageModel.LoadOptions.cpu());
  }

  /** The tiny preset with weights N(0, 0.1²) from {@code seed}. */
  public static VisionLanguageModel tiny(Path dir, long seed) throws IOException {
    return random(dir, ModelPresets.tiny(), seed, 0.1);
  }

  /** Writes a full tiny checkpoint (F32) to {@code dir} and returns it. */
  public static Path writeTiny(Path dir, long seed) throws IOException {
    Path tok = dir.resolveSibling(dir.getFileName() + "-tok");
    try (VisionLanguageModel m = tiny(tok, seed)) {
      m.save(dir, SafeDType.F32, Long.MAX_VALUE);
    }
    return dir;
  }

  /** {@code n} random RGB frames of h × w. */
  public static byte[][] frames(int n, int h, int w, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[][] f = new byte[n][h * w * 3];
    for (byte[] frame : f) {
      for (int i = 0; i < frame.length; i++) {
        frame[i] = (byte) r.nextInt(256);
      }
    }
    return f;
  }

  /** Logits [T·V] of a whole prompt (no cache). */
  public static float[] logits(VisionLanguageModel vlm, ModelInputs in) {
    try (NDManager m = vlm.newManager()) {
      NDArray h = vlm.model().decode(vlm.model().promptEmbeddings(m, in, false), in.positions(), null, false, false);
      return vlm.model().logits(h, false).toFloatArray();
    }
  }

  /** A short RL prompt with a 2-frame 56×56 video. */
  public static ModelInputs videoPrompt(VisionLanguageModel vlm) {
    Processor.Video v = Processor.Video.of(frames(2, 56, 56, 2), 56, 56);
    return vlm.processor().chat(PromptTemplates.rlMessages(true, "Why?"), List.of(), List.of(v));
  }

  /** {@link #videoPrompt} with its two frames in the other order. */
  public static ModelInputs swappedVideoPrompt(VisionLanguageModel vlm) {
    byte[][] f = frames(2, 56, 56, 2);
    Processor.Video v = Processor.Video.of(new byte[][] {f[1], f[0]}, 56, 56);
    return vlm.processor().chat(PromptTemplates.rlMessages(true, "Why?"), List.of(), List.of(v));
  }

  /**
   * max |a − b|; arrays of different lengths are never close (infinity), and NaN anywhere gives NaN, which fails
   * every {@code <=} tolerance check.
   */
  public static double maxDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      double e = Math.abs(a[i] - b[i]);
      if (Double.isNaN(e)) {
        return Double.NaN;
      }
      d = Math.max(d, e);
    }
    return d;
  }
}
