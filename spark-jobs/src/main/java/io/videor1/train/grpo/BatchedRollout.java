package io.videor1.train.grpo;

import ai.djl.Device;
import io.videor1.exec.EngineFault;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.prompt.PromptMeta;
import java.util.ArrayList;
import java.util.List;
import scala.Tuple2;

/**
 * The rollouts of several prompts of a task decoded in one batch ({@code train.rollout_prompts_per_batch} > 1): each
 * prompt's ordered group and shuffled group are requests of one {@link Generator#generateBatch} call, so every decode
 * step reads the weights once for all their rows. A prompt's completions do not depend on the prompts that share its
 * batch (the batch is padded to a multiple of {@link Generator#ROW_QUANTUM} rows; docs/model.md).
 *
 * <p>A prompt whose frames or prompt are bad is recorded as failed before the batch decodes. When decoding fails for a
 * reason other than the engine (a prompt the model refuses), each prompt is decoded again alone, which draws the same
 * tokens, so only the prompt at fault fails; the engine failing fails the task ({@link EngineFault}).
 */
final class BatchedRollout {
  private BatchedRollout() {}

  /** The prompts' completions, in order. */
  static List<RolloutTask.Sampled> sample(RolloutTask task, VisionLanguageModel vlm,
      List<Tuple2<Integer, PromptMeta>> prompts, Device device) {
    TGrpoConfig cfg = task.config();
    List<RolloutTask.Inputs> inputs = new ArrayList<>();
    List<Generator.Request> requests = new ArrayList<>();
    for (Tuple2<Integer, PromptMeta> p : prompts) {
      RolloutTask.Inputs in = task.inputs(vlm, p, device);
      inputs.add(in);
      if (in.failure() == null) {
        requests.add(new Generator.Request(in.ordered(), cfg.numGenerations(), task.orderedSeeds(p._2())));
        if (in.shuffled() != null && cfg.numShuffled() > 0) {
          requests.add(new Generator.Request(in.shuffled(), cfg.numShuffled(), task.shuffledSeeds(p._2())));
        }
      }
    }
    List<List<Completion>> groups;
    try {
      EngineFault.beforeGeneration();
      groups = requests.isEmpty() ? List.of() : vlm.generateBatch(requests, cfg.sampling());
    } catch (Exception | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, call(task, vlm, prompts, inputs, device));
      if (prompts.size() == 1) {
        return List.of(new RolloutTask.Sampled(prompts.get(0), null, List.of(), List.of(), RolloutTask.failure(e)));
      }
      List<RolloutTask.Sampled> alone = new ArrayList<>();
      for (Tuple2<Integer, PromptMeta> p : prompts) {
        alone.addAll(sample(task, vlm, List.of(p), device));
      }
      return alone;
    }
    List<RolloutTask.Sampled> out = new ArrayList<>();
    int g = 0;
    for (int i = 0; i < prompts.size(); i++) {
      RolloutTask.Inputs in = inputs.get(i);
      if (in.failure() != null) {
        out.add(new RolloutTask.Sampled(prompts.get(i), null, List.of(), List.of(), in.failure()));
        continue;
      }
      List<Completion> ordered = groups.get(g++);
      List<Completion> shuffled = in.shuffled() == null || cfg.numShuffled() == 0 ? List.of() : groups.get(g++);
      out.add(new RolloutTask.Sampled(prompts.get(i), in.ordered(), ordered, shuffled, null,
          cfg.shuffledPass(prompts.get(i)._2()) ? in.shuffled() : null));
    }
    return out;
  }

  /** The batch in words for an engine fault: every prompt's group and budget. */
  private static EngineFault.Call call(RolloutTask task, VisionLanguageModel vlm,
      List<Tuple2<Integer, PromptMeta>> prompts, List<RolloutTask.Inputs> inputs, Device device) {
    StringBuilder batch = new StringBuilder(prompts.size() + " prompts decoded together: ");
    for (int i = 0; i < prompts.size(); i++) {
      RolloutTask.Inputs in = inputs.get(i);
      batch.append(i == 0 ? "" : "; ").append("problem ").append(prompts.get(i)._2().problemId()).append(", ")
          .append(task.rolloutBatch(prompts.get(i)._2(), in.ordered(), in.frames()));
    }
    return task.rolloutCall(vlm, prompts.get(0), batch.toString(), device);
  }
}
