package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.Scalars;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The order term of {@code train.temporal_mode = answer_contrast}: the group's verified answer, alone, made more
 * likely on the ordered frames than on the shuffled ones.
 *
 * <p>The answer is the {@code <answer>…</answer>} element of one of the group's correct completions, teacher-forced
 * right after the generation prompt without the thought before it (the completion {@code <answer>X</answer>} and the
 * end-of-turn token). With Δ = log π(answer|ordered) − log π(answer|shuffled), summed over its tokens, the term is
 * γ·softplus(−Δ) = −γ·log σ(Δ): the logistic loss of a preference for the ordered frames over the shuffled ones as the
 * condition of the same answer (DPO's form, with the two conditions in place of two responses and no reference).
 *
 * <p>Why the bare answer: the contrast over a sampled completion (contrast_kl) conditions the answer letter on the
 * thought before it, which the shuffled pass shares, so the letter's own order gap has little to push on, and the
 * term over the thought lowers the shuffled likelihood of descriptions, not of the decision (docs/training.md, the
 * one-step test). Without the thought, the only way the answer can be more likely with the true order is that the
 * model reads the order from the frames. Why the logistic form: it saturates as Δ grows (gradient σ(−Δ)·∇Δ), so the
 * term cannot buy its decrease by driving log π(answer|shuffled) to −∞, which a linear Δ could; at Δ = 0 it is ½·∇Δ.
 *
 * <p>One pass of one short completion on each side per group, both with autograd, backpropagated into the same
 * gradient collector as the group's policy loss (the gradients add).
 */
public final class AnswerContrast {
  private AnswerContrast() {}

  /**
   * What the term did.
   *
   * @param loss the term's value γ·softplus(−Δ), unscaled
   * @param gap Δ before the update, nats
   */
  public record Result(double loss, double gap) {}

  /**
   * The term's backward inside {@code gc}, its loss times {@code lossScale} (1: none). Arrays live in {@code m}.
   *
   * @param ordered the prompt with its frames in order
   * @param shuffled the same prompt with the frames permuted
   * @param answer the answer completion's token ids, ending with the end-of-turn token
   * @param gamma γ, the term's weight in loss units of one group
   */
  public static Result backward(Qwen25VlModel model, NDManager m, ModelInputs ordered, ModelInputs shuffled,
      int[] answer, int eosId, int padId, double gamma, float lossScale, GradientCollector gc) {
    if (answer.length == 0 || answer[answer.length - 1] != eosId) {
      throw new IllegalArgumentException("the answer contrast's completion must end with the end-of-turn token");
    }
    NDArray delta = gap(model, m, ordered, shuffled, answer, eosId, padId); // [] with autograd
    NDArray loss = softplus(delta.neg()).mul(Scalars.of(delta, (float) gamma)); // []
    Result r = new Result(loss.getFloat(), delta.getFloat());
    gc.backward(lossScale == 1f ? loss : loss.mul(Scalars.of(loss, lossScale)));
    return r;
  }

  /**
   * The bare answer completion: {@code answer}'s tokens and the end-of-turn token, to be teacher-forced right after
   * the generation prompt (the one-step test scores the gold answers the same way).
   */
  public static int[] completion(QwenTokenizer tokenizer, String answer, int eosId) {
    int[] ids = tokenizer.encode(answer);
    int[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = eosId;
    return out;
  }

  /** Δ = Σ_t log π(a_t|ordered) − log π(a_t|shuffled) over the answer's valid tokens, a scalar with autograd. */
  static NDArray gap(Qwen25VlModel model, NDManager m, ModelInputs ordered, ModelInputs shuffled, int[] answer,
      int eosId, int padId) {
    TokenLogProbs.Result lo = TokenLogProbs.compute(model, m, ordered, List.of(answer), eosId, padId, true, false);
    TokenLogProbs.Result ls = TokenLogProbs.compute(model, m, shuffled, List.of(answer), eosId, padId, true, false);
    return lo.logp().sub(ls.logp()).mul(lo.mask()).sum(); // [1, L] -> []
  }

  /** softplus(x) = max(x, 0) + log(1 + exp(−|x|)), which never overflows. */
  static NDArray softplus(NDArray x) {
    return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
  }
}
