package io.videor1.model.generate;

import java.io.Serializable;
import java.util.List;

/**
 * How tokens are drawn: temperature, nucleus (top-p) and top-k truncation, length budget, stop tokens.
 *
 * <p>Video-R1 rollouts use temperature 1.0, top-p 0.95, no top-k and 768 new tokens ({@link #rollout()}); its
 * evaluation uses temperature 0.1, top-p 0.001 and 1024 tokens ({@link #eval()}). Greedy decoding takes the arg-max
 * (first index on ties, as torch). {@code suppressTokenIds} are never sampled (for example the vision placeholders,
 * spec §11.9; empty by default, as in the reference).
 *
 * @param temperature logits are divided by it (must be &gt; 0 unless greedy)
 * @param topP keep the smallest set of most likely tokens whose probability sums to at least topP (1 = off)
 * @param topK keep the k most likely tokens (0 = off)
 * @param maxNewTokens generation budget per sample
 * @param greedy take the arg-max instead of sampling
 * @param stopTokenIds generation ends after any of these (the EOS is added by the generator)
 * @param suppressTokenIds tokens that are never produced
 */
public record SamplingParams(
    double temperature,
    double topP,
    int topK,
    int maxNewTokens,
    boolean greedy,
    List<Integer> stopTokenIds,
    List<Integer> suppressTokenIds)
    implements Serializable {

  /** Validates the values; messages name the setting. */
  public SamplingParams {
    stopTokenIds = List.copyOf(stopTokenIds);
    suppressTokenIds = List.copyOf(suppressTokenIds);
    if (!greedy && !(temperature > 0)) {
      throw new IllegalArgumentException("sampling.temperature must be > 0 (got " + temperature + ")");
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("sampling.topP must be in (0, 1] (got " + topP + ")");
    }
    if (topK < 0 || maxNewTokens < 0) {
      throw new IllegalArgumentException("sampling.topK and sampling.maxNewTokens must be >= 0");
    }
  }

  /** Video-R1 rollouts: temperature 1.0, top-p 0.95, 768 tokens. */
  public static SamplingParams rollout() {
    return new SamplingParams(1.0, 0.95, 0, 768, false, List.of(), List.of());
  }

  /** Video-R1 evaluation: temperature 0.1, top-p 0.001, 1024 tokens. */
  public static SamplingParams eval() {
    return new SamplingParams(0.1, 0.001, 0, 1024, false, List.of(), List.of());
  }

  /** Greedy decoding of up to {@code maxNewTokens}. */
  public static SamplingParams greedy(int maxNewTokens) {
    return new SamplingParams(1.0, 1.0, 0, maxNewTokens, true, List.of(), List.of());
  }

  /** A copy with another token budget. */
  public SamplingParams withMaxNewTokens(int n) {
    return new SamplingParams(temperature, topP, topK, n, greedy, stopTokenIds, suppressTokenIds);
  }

  /** A copy with tokens that are never sampled. */
  public SamplingParams withSuppressTokenIds(List<Integer> ids) {
    return new SamplingParams(temperature, topP, topK, maxNewTokens, greedy, stopTokenIds, ids);
  }
}
