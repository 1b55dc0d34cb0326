package io.videor1.train.sft;

import com.typesafe.config.Config;
import io.videor1.model.io.SafeDType;
import io.videor1.train.run.ModelSpec;
import io.videor1.train.run.OptimConfig;
import io.videor1.train.run.RunOptions;
import java.io.Serializable;

/**
 * The resolved configuration of {@code videor1 sft} (conf/sft.conf): one immutable record, validated on construction
 * with messages that name the key.
 *
 * @param frames the curated frames of the training records (--frames)
 * @param cot the Video-R1-CoT file whose {@code process} fields are the targets, or "" to use the frames table's own
 * @param model a checkpoint directory or {@code random:tiny|mid} (--model)
 * @param spec what trains and how prompts are written
 * @param run output, steps, seed, checkpoints
 * @param optim AdamW, schedule, clipping
 * @param batchSize sequences per optimizer step (the reference: 8 = 4 GPUs × 1 × 2 accumulation)
 * @param lossOn response-only (default) or the reference's whole-conversation loss
 * @param initSeed seed of a random starting model
 * @param initStd standard deviation of a random starting model's weights
 * @param checkpointDtype dtype of the checkpoints' {@code model/} weights, or null for the starting checkpoint's own
 *     ({@code auto})
 * @param maxRecords use only the first N records (0: all)
 */
public record SftConfig(String frames, String cot, String model, ModelSpec spec, RunOptions run, OptimConfig optim,
    int batchSize, SftExample.LossOn lossOn, long initSeed, double initStd, SafeDType checkpointDtype,
    int maxRecords) implements Serializable {

  public SftConfig {
    require(!frames.isBlank(), "sft.frames must be a curated frames directory (--frames)");
    require(batchSize >= 1, "sft.batch_size must be >= 1 (got " + batchSize + ")");
    require(initStd > 0, "sft.init_std must be > 0 (got " + initStd + ")");
    require(maxRecords >= 0, "sft.max_records must be >= 0 (got " + maxRecords + ")");
    require(optim.warmupSteps() <= run.steps(), "sft.warmup_steps must not exceed sft.steps (got "
        + optim.warmupSteps() + " > " + run.steps() + ")");
  }

  /** Maps the resolved HOCON (keys under {@code sft.}). */
  public static SftConfig from(Config c) {
    Config k = c.getConfig("sft");
    String model = k.getString("model");
    require(!model.isBlank(), "sft.model must be a checkpoint directory or random:tiny (--model)");
    return new SftConfig(k.getString("frames"), k.getString("cot"), model, ModelSpec.from(k, "sft", model),
        RunOptions.from(c, "sft"), OptimConfig.from(c, "sft"), k.getInt("batch_size"),
        SftExample.LossOn.parse(k.getString("loss_on"), "sft.loss_on"), k.getLong("init_seed"),
        k.getDouble("init_std"), RunOptions.checkpointDtype(k.getString("checkpoint_dtype"), "sft.checkpoint_dtype"),
        k.getInt("max_records"));
  }


  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
