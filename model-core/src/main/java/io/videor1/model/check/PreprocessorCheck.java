package io.videor1.model.check;

import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointFiles;
import io.videor1.model.io.InvalidCheckpointException;
import java.io.IOException;

/**
 * Checks {@code preprocessor_config.json} when there is one: types and ranges of the fields the processor uses, and
 * patch, temporal patch and merge sizes equal to the vision tower's (otherwise the patches would not fit its
 * embedding).
 */
final class PreprocessorCheck {
  static final String FILE = "preprocessor_config.json";

  private PreprocessorCheck() {}

  static PreprocessorConfig check(CheckpointFiles files, Qwen25VlConfig config) throws IOException {
    if (!files.isFile(FILE)) {
      return PreprocessorConfig.qwen25vl();
    }
    String text = files.readString(FILE);
    JsonFields p = JsonFields.parse(files.path(FILE), text);
    p.numbers("image_mean", 3, -1e3, 1e3);
    p.numbers("image_std", 3, 0, 1e3);
    p.number("rescale_factor", 0, 1, 1.0 / 255);
    int patch = p.integer("patch_size", 1, 64, 14);
    int temporal = p.integer("temporal_patch_size", 1, 16, 2);
    int merge = p.integer("merge_size", 1, 16, 2);
    long min = p.longValue("min_pixels", 1, Long.MAX_VALUE, 3136);
    long max = p.longValue("max_pixels", 1, Long.MAX_VALUE, 12845056);
    if (min > max) {
      throw p.error("min_pixels", "must not exceed max_pixels (" + min + " > " + max + ")");
    }
    if (config.hasVision()) {
      same(p, "patch_size", patch, config.vision().patchSize());
      same(p, "temporal_patch_size", temporal, config.vision().temporalPatchSize());
      same(p, "merge_size", merge, config.vision().spatialMergeSize());
    }
    return PreprocessorConfig.fromJson(text);
  }

  private static void same(JsonFields p, String k, int got, int vision) throws InvalidCheckpointException {
    if (got != vision) {
      throw p.error(k, "is " + got + " but config.json's vision_config has " + vision);
    }
  }
}
