package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.GradMode;
import io.videor1.model.nn.Scalars;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.rl.RlOptions;
import java.util.Arrays;
import java.util.List;

/**
 * One group's passes as the T-GRPO trainer runs them: the reference's log-probs, then the policy's objective and its
 * backward, either in one plain pass ({@link TokenLogProbs}, the default and exactly the code that ran before the
 * memory settings existed; in length buckets when {@code buckets}, see {@link TokenLogProbs}) or micro-batched and
 * recomputed as {@link GroupPass.Options} ask.
 */
public final class GroupObjective {
  private GroupObjective() {}

  /**
   * What a group's backward reports: its loss (unscaled, the contrast term included), mean KL to the reference and,
   * with a {@link Contrast}, each completion's ordered-vs-shuffled KL ({@link ContrastKl.Result#perCompletion}).
   */
  public record Outcome(double loss, double meanKl, double[] contrastKl) {
    public Outcome(double loss, double meanKl) {
      this(loss, meanKl, null);
    }
  }

  /**
   * The contrast-KL term of a group ({@code train.temporal_mode = contrast_kl}, {@link ContrastKl}).
   *
   * @param shuffled the prompt with its frames shuffled
   * @param rows the completions in the term (the correct ones)
   * @param gamma γ
   * @param guard the entropy guard, nats per token
   * @param linear the k1 estimator instead of k3
   * @param tokens per completion, a 0/1 weight on each valid token (the answer element, {@link AnswerSpan}), or null
   *     for every valid token
   */
  public record Contrast(ModelInputs shuffled, boolean[] rows, double gamma, double guard, boolean linear,
      double[][] tokens) {
    /** With the k3 estimator. */
    public Contrast(ModelInputs shuffled, boolean[] rows, double gamma, double guard) {
      this(shuffled, rows, gamma, guard, false);
    }

    /** Over every valid token. */
    public Contrast(ModelInputs shuffled, boolean[] rows, double gamma, double guard, boolean linear) {
      this(shuffled, rows, gamma, guard, linear, null);
    }
  }

  /** The reference's log-probs [G·L] of a group's completions, without autograd, under {@code m}. */
  public static float[] reference(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, GroupPass.Options pass) {
    return reference(model, m, prompt, completions, eosId, padId, pass, false);
  }

  /** The same, the plain pass in length buckets when {@code buckets} ({@code train.logprob_buckets}). */
  public static float[] reference(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, GroupPass.Options pass, boolean buckets) {
    return GradMode.off(() -> { // a task thread's grad mode is on (GradMode): no graph for the reference
      if (pass.plainFor(completions.size())) {
        return TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, false, buckets).logp()
            .toFloatArray();
      }
      return GroupPass.forward(model, m, prompt, completions, eosId, padId, pass).logp();
    });
  }

  /**
   * The policy's objective of a group and its backward inside {@code gc}: the loss times {@code lossScale} (1: none)
   * is backpropagated, so the trainable parameters accumulate the group's gradient. Arrays live in {@code m}, which
   * the caller closes after {@code gc}'s backward (the plain pass keeps its graph there).
   *
   * @param ref the reference's log-probs [G·L], or null without a KL term (the policy's own, detached)
   * @param advantages one per completion
   */
  public static Outcome backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, float[] ref, float[] advantages, RlOptions rl, GroupPass.Options pass, float lossScale,
      GradientCollector gc) {
    return backward(model, m, prompt, completions, eosId, padId, ref, advantages, rl, pass, false, lossScale, gc);
  }

  /** The same, the plain pass in length buckets when {@code buckets} ({@code train.logprob_buckets}). */
  public static Outcome backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, float[] ref, float[] advantages, RlOptions rl, GroupPass.Options pass, boolean buckets,
      float lossScale, GradientCollector gc) {
    return backward(model, m, prompt, completions, eosId, padId, ref, advantages, null, rl, pass, buckets, lossScale,
        gc);
  }

  /**
   * The same with each completion's advantage scaled token by token ({@code train.temporal_mode = key_tokens}).
   *
   * @param tokenScale per completion, a factor on each of its valid tokens (0 where the token gets no advantage), or
   *     null for the advantage on every token (exactly the code above)
   */
  public static Outcome backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, float[] ref, float[] advantages, double[][] tokenScale, RlOptions rl,
      GroupPass.Options pass, boolean buckets, float lossScale, GradientCollector gc) {
    return backward(model, m, prompt, completions, eosId, padId, ref, advantages, tokenScale, null, rl, pass, buckets,
        lossScale, gc);
  }

  /**
   * The same with the contrast-KL term of {@code contrast} added to the loss (null: none, exactly the code above). The
   * term needs the plain pass: both passes keep their graphs until one backward.
   */
  public static Outcome backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, float[] ref, float[] advantages, double[][] tokenScale, Contrast contrast, RlOptions rl,
      GroupPass.Options pass, boolean buckets, float lossScale, GradientCollector gc) {
    if (contrast != null) {
      if (tokenScale != null || !pass.plainFor(completions.size())) {
        throw new IllegalArgumentException("the contrast-KL term runs on the plain pass, with one advantage per "
            + "completion");
      }
      return backwardContrast(model, m, prompt, completions, eosId, padId, ref, advantages, contrast, rl, buckets,
          lossScale, gc);
    }
    if (tokenScale != null) {
      return backwardPerToken(model, m, prompt, completions, eosId, padId, ref,
          tokenAdvantages(completions, eosId, padId, advantages, tokenScale), rl, pass, buckets, lossScale, gc);
    }
    if (pass.plainFor(completions.size())) {
      TokenLogProbs.Result lp = TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, true, buckets);
      float[] r = ref != null ? ref : lp.logp().stopGradient().toFloatArray();
      NdPolicyObjective.Result obj = NdPolicyObjective.compute(lp.logp(), m.create(r, lp.logp().getShape()), null,
          lp.mask(), advantages, rl);
      double loss = obj.loss().getFloat();
      gc.backward(lossScale == 1f ? obj.loss() : obj.loss().mul(Scalars.of(obj.loss(), lossScale)));
      return new Outcome(loss, obj.meanKl());
    }
    double[] kl = {0};
    GroupPass.Result r = GroupPass.backward(model, m, prompt, completions, eosId, padId, pass,
        (logp, mask, a, b, totals) -> {
          int len = (int) logp.getShape().get(1);
          NDArray refPart = ref == null ? logp.stopGradient()
              : logp.getManager().create(Arrays.copyOfRange(ref, a * len, b * len), logp.getShape());
          NdPolicyObjective.Result part = NdPolicyObjective.computePart(logp, refPart, null, mask,
              Arrays.copyOfRange(advantages, a, b), rl, totals);
          kl[0] += part.meanKl();
          return part.loss();
        }, lossScale, gc);
    return new Outcome(r.loss(), kl[0]);
  }

  /** The plain pass's objective plus the contrast term, one backward through both passes. */
  private static Outcome backwardContrast(Qwen25VlModel model, NDManager m, ModelInputs prompt,
      List<int[]> completions, int eosId, int padId, float[] ref, float[] advantages, Contrast contrast, RlOptions rl,
      boolean buckets, float lossScale, GradientCollector gc) {
    TokenLogProbs.Result lp = TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, true, buckets);
    float[] r = ref != null ? ref : lp.logp().stopGradient().toFloatArray();
    NdPolicyObjective.Result obj = NdPolicyObjective.compute(lp.logp(), m.create(r, lp.logp().getShape()), null,
        lp.mask(), advantages, rl);
    NDArray loss = obj.loss();
    double[] per = null;
    boolean any = false;
    for (boolean b : contrast.rows()) {
      any |= b;
    }
    if (any) { // no correct completion: no second pass
      TokenLogProbs.Result ls = TokenLogProbs.compute(model, m, contrast.shuffled(), completions, eosId, padId, true,
          buckets);
      NDArray mask = contrast.tokens() == null ? lp.mask()
          : m.create(tokenAdvantages(completions, eosId, padId, ones(completions.size()), contrast.tokens()),
              lp.mask().getShape()); // [G, L] 1 on the answer elements' tokens (each row's weights, laid out)
      ContrastKl.Result c = ContrastKl.compute(lp.logp(), ls.logp(), mask, contrast.rows(), contrast.gamma(),
          contrast.guard(), rl.klClamp(), contrast.linear());
      loss = loss.add(c.loss());
      per = c.perCompletion();
    }
    double value = loss.getFloat();
    gc.backward(lossScale == 1f ? loss : loss.mul(Scalars.of(loss, lossScale)));
    return new Outcome(value, obj.meanKl(), per);
  }

  private static float[] ones(int n) {
    float[] o = new float[n];
    Arrays.fill(o, 1f);
    return o;
  }

  /** {@link #backward} with advantages [G·L] per token; the same passes, only the objective's advantage differs. */
  private static Outcome backwardPerToken(Qwen25VlModel model, NDManager m, ModelInputs prompt,
      List<int[]> completions, int eosId, int padId, float[] ref, float[] tokenAdv, RlOptions rl,
      GroupPass.Options pass, boolean buckets, float lossScale, GradientCollector gc) {
    if (pass.plainFor(completions.size())) {
      TokenLogProbs.Result lp = TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, true, buckets);
      float[] r = ref != null ? ref : lp.logp().stopGradient().toFloatArray();
      NdPolicyObjective.Result obj = NdPolicyObjective.computeTokens(lp.logp(), m.create(r, lp.logp().getShape()),
          null, lp.mask(), tokenAdv, rl);
      double loss = obj.loss().getFloat();
      gc.backward(lossScale == 1f ? obj.loss() : obj.loss().mul(Scalars.of(obj.loss(), lossScale)));
      return new Outcome(loss, obj.meanKl());
    }
    double[] kl = {0};
    GroupPass.Result r = GroupPass.backward(model, m, prompt, completions, eosId, padId, pass,
        (logp, mask, a, b, totals) -> {
          int len = (int) logp.getShape().get(1);
          NDArray refPart = ref == null ? logp.stopGradient()
              : logp.getManager().create(Arrays.copyOfRange(ref, a * len, b * len), logp.getShape());
          NdPolicyObjective.Result part = NdPolicyObjective.computePartTokens(logp, refPart, null, mask,
              Arrays.copyOfRange(tokenAdv, a * len, b * len), rl, totals);
          kl[0] += part.meanKl();
          return part.loss();
        }, lossScale, gc);
    return new Outcome(r.loss(), kl[0]);
  }

  /** A_i·scale_it on completion i's valid tokens, 0 on its padding: [G·L] in the passes' layout ({@link Targets}). */
  static float[] tokenAdvantages(List<int[]> completions, int eosId, int padId, float[] advantages,
      double[][] tokenScale) {
    Targets tg = Targets.of(completions, eosId, padId);
    if (tokenScale.length != tg.size() || advantages.length != tg.size()) {
      throw new IllegalArgumentException(tokenScale.length + " token scales and " + advantages.length
          + " advantages for " + tg.size() + " completions");
    }
    float[] out = new float[tg.size() * tg.length()];
    for (int i = 0; i < tg.size(); i++) {
      if (tokenScale[i].length != tg.lengths()[i]) {
        throw new IllegalArgumentException("completion " + i + " has " + tg.lengths()[i] + " valid tokens but "
            + tokenScale[i].length + " token scales");
      }
      for (int t = 0; t < tg.lengths()[i]; t++) {
        out[i * tg.length() + t] = (float) (advantages[i] * tokenScale[i][t]);
      }
    }
    return out;
  }
}
