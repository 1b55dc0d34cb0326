package io.videor1.train.grpo;

import ai.djl.Device;
import io.videor1.exec.HadoopConf;
import io.videor1.model.generate.Completion;
import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AccuracyReward;
import io.videor1.rl.TemporalMode;
import io.videor1.train.run.PolicyReplica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import scala.Tuple2;

/**
 * One step's rollouts sampled once and then credited and differentiated by any temporal mode
 * ({@code bench temporal-step}, issue 30): the modes' updates are compared on the same completions, with no sampling
 * noise between them.
 *
 * <p>The rollouts are the published mode's (G ordered completions and, for videos, G̃ on the seeded shuffle), with
 * the shuffled frames' inputs kept. Each mode then sees what its own step would have: the shuffled completions only
 * where it samples them ({@link TGrpoConfig#numShuffled}), the shuffled inputs only where it reads them
 * ({@link TGrpoConfig#shuffledPass}). The ordered completions are what every mode's own step samples, since their
 * seeds are (seed, step, problem id, j) whatever the mode. Scoring and the gradient are the trainer's code
 * ({@link RolloutTask}, {@link GroupScoring}).
 */
public final class FixedRollouts {
  /**
   * One mode's credit and gradient from the fixed rollouts.
   *
   * @param advantages per prompt, one per ordered completion (empty for a failed prompt)
   * @param mixed per prompt, whether its group has both correct and wrong completions
   * @param gradients the summed gradient of the batch's trained groups, by parameter
   */
  public record Update(List<float[]> advantages, boolean[] mixed, Map<String, float[]> gradients) {}

  private final int step;
  private final List<RolloutTask.Sampled> sampled;
  private final HadoopConf hadoop;

  private FixedRollouts(int step, List<RolloutTask.Sampled> sampled, HadoopConf hadoop) {
    this.step = step;
    this.sampled = sampled;
    this.hadoop = hadoop;
  }

  /**
   * Samples step {@code step}'s rollouts of {@code prompts} on {@code policy} (already at the starting weights) with
   * the published mode of {@code cfg}.
   */
  public static FixedRollouts sample(TGrpoConfig cfg, int step, List<PromptMeta> prompts, PolicyReplica policy,
      HadoopConf hadoop) {
    TGrpoConfig published = sampling(cfg);
    RolloutTask task = new RolloutTask("fixed-rollouts", published, step, null, null, hadoop, 1f);
    List<RolloutTask.Sampled> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      Tuple2<Integer, PromptMeta> p = new Tuple2<>(i, prompts.get(i));
      RolloutTask.Sampled s = task.sample(policy.vlm(), p, policy.device());
      if (s.failure() == null) {
        // the same seeded permutation every mode's own step would use
        RolloutTask.Inputs in = task.inputs(policy.vlm(), p, policy.device());
        s = new RolloutTask.Sampled(s.prompt(), s.inputs(), s.ordered(), s.shuffled(), null, in.shuffled());
      }
      out.add(s);
    }
    return new FixedRollouts(step, out, hadoop);
  }

  /**
   * Completions written rather than sampled: per prompt, the texts of its ordered group and of its shuffled group
   * (the latter read only for videos). What a check needs whose model is too young to answer: groups of known
   * correctness, scored, credited and differentiated by the trainer's code like sampled ones.
   */
  public interface Written {
    List<String> ordered(PromptMeta m);

    List<String> shuffled(PromptMeta m);
  }

  /** Rollouts of step {@code step} whose completions are {@code written}, each ending in the end-of-turn token. */
  public static FixedRollouts written(TGrpoConfig cfg, int step, List<PromptMeta> prompts, PolicyReplica policy,
      HadoopConf hadoop, Written written) {
    RolloutTask task = new RolloutTask("fixed-rollouts", sampling(cfg), step, null, null, hadoop, 1f);
    List<RolloutTask.Sampled> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      Tuple2<Integer, PromptMeta> p = new Tuple2<>(i, prompts.get(i));
      RolloutTask.Inputs in = task.inputs(policy.vlm(), p, policy.device());
      if (in.failure() != null) {
        out.add(new RolloutTask.Sampled(p, null, List.of(), List.of(), in.failure()));
        continue;
      }
      List<Completion> ord = encode(policy, written.ordered(p._2()));
      List<Completion> shuf = p._2().video() ? encode(policy, written.shuffled(p._2())) : List.of();
      out.add(new RolloutTask.Sampled(p, in.ordered(), ord, shuf, null, in.shuffled()));
    }
    return new FixedRollouts(step, out, hadoop);
  }

  private static List<Completion> encode(PolicyReplica policy, List<String> texts) {
    List<Completion> out = new ArrayList<>();
    for (String t : texts) {
      int[] ids = policy.vlm().tokenizer().encode(t);
      int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
      withEos[ids.length] = policy.vlm().eosId();
      out.add(new Completion(withEos, t, new float[withEos.length], Completion.FinishReason.STOP, 0L));
    }
    return out;
  }

  /** The configuration that samples: T-GRPO in its published mode, whatever {@code cfg}'s mode. */
  static TGrpoConfig sampling(TGrpoConfig cfg) {
    return cfg.withTemporalMode(TemporalMode.REFERENCE);
  }

  /** How many prompts failed to sample (bad input), named in their failure. */
  public List<String> failures() {
    return sampled.stream().filter(s -> s.failure() != null)
        .map(s -> s.prompt()._2().promptId() + ": " + s.failure()).toList();
  }

  /**
   * Mode {@code mode}'s credit and gradient from these rollouts on {@code policy}, which must hold the weights they
   * were sampled with (its order pass reads π_old from it).
   */
  public Update update(TGrpoConfig mode, PolicyReplica policy, long version) throws Exception {
    RolloutTask task = new RolloutTask("fixed-rollouts", mode, step, null, null, hadoop, 1f);
    Device device = policy.device();
    List<GroupScoring.Scored> scored = new ArrayList<>();
    List<float[]> adv = new ArrayList<>();
    boolean[] mixed = new boolean[sampled.size()];
    for (int i = 0; i < sampled.size(); i++) {
      RolloutTask.Sampled s = view(sampled.get(i), mode);
      GroupScoring.Scored g = GroupScoring.score(s, task.orderGaps(policy.vlm(), s, device), mode, step, version);
      scored.add(g);
      adv.add(g.advantages());
      mixed[i] = s.failure() == null && mixed(s, mode);
    }
    Map<String, float[]> grads = task.gradients(policy, scored, new ArrayList<>(), device);
    return new Update(adv, mixed, grads);
  }

  /** What mode {@code cfg}'s own step would have sampled and kept of prompt {@code s}. */
  private static RolloutTask.Sampled view(RolloutTask.Sampled s, TGrpoConfig cfg) {
    if (s.failure() != null) {
      return s;
    }
    PromptMeta m = s.prompt()._2();
    List<Completion> shuffled = cfg.numShuffled() > 0 && m.video() ? s.shuffled() : List.of();
    return new RolloutTask.Sampled(s.prompt(), s.inputs(), s.ordered(), shuffled, null,
        cfg.shuffledPass(m) ? s.shuffledInputs() : null);
  }

  /** Whether the group has correct and wrong completions (the rule of the temporal and length terms). */
  private static boolean mixed(RolloutTask.Sampled s, TGrpoConfig cfg) {
    PromptMeta m = s.prompt()._2();
    int correct = 0;
    for (Completion c : s.ordered()) {
      double acc = AccuracyReward.score(m.type(), c.text(), m.solution(), m.options(), cfg.rewards());
      correct += acc > cfg.rl().correctThreshold() ? 1 : 0;
    }
    return correct > 0 && correct < s.ordered().size();
  }
}
