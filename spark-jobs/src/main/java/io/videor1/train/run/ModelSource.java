package io.videor1.train.run;

import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.SafeDType;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a run's starting weights come from: a checkpoint directory, or {@code random:tiny} / {@code random:mid} — a
 * freshly initialised model of that preset with the byte-level tokenizer (for the demo and tests, which have no
 * downloaded weights), written once to {@code OUT/init} so executors and later runs load it like any checkpoint.
 */
public final class ModelSource {
  static final String RANDOM = "random:";

  private ModelSource() {}

  /** True for {@code random:PRESET}. */
  public static boolean isRandom(String source) {
    return source.startsWith(RANDOM);
  }

  /** The checkpoint directory to start from, creating {@code outDir/init} for a random source. */
  public static String resolve(String source, String outDir, long seed, double std, Configuration conf)
      throws IOException {
    if (!isRandom(source)) {
      return source;
    }
    String preset = source.substring(RANDOM.length());
    Qwen25VlConfig config = ModelPresets.byName(preset);
    if (!preset.equals("tiny") && !preset.equals("mid")) {
      throw new IllegalArgumentException("model random:" + preset + ": only the tiny and mid presets have a built-in "
          + "tokenizer; load real weights from a checkpoint directory");
    }
    org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(outDir, "init");
    FileSystem fs = dst.getFileSystem(conf);
    if (fs.exists(new org.apache.hadoop.fs.Path(dst, "config.json"))) {
      return dst.toString(); // a resumed run: the same seed wrote the same weights
    }
    Path tok = Files.createTempDirectory("videor1-tok-");
    Path local = Files.createTempDirectory("videor1-init-");
    try {
      ByteTokenizerFiles.write(tok, config.text().vocabSize());
      PreprocessorConfig.qwen25vl().write(tok);
      try (VisionLanguageModel m = VisionLanguageModel.random(config, tok, seed, std,
          VisionLanguageModel.LoadOptions.cpu())) {
        m.save(local, SafeDType.F32, Long.MAX_VALUE);
      }
      fs.delete(dst, true);
      fs.mkdirs(dst);
      TrainCheckpoint.upload(fs, local, dst);
    } finally {
      TrainCheckpoint.deleteTree(tok);
      TrainCheckpoint.deleteTree(local);
    }
    return dst.toString();
  }
}
