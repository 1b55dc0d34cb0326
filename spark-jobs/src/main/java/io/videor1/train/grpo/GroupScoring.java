package io.videor1.train.grpo;

import io.videor1.model.generate.Completion;
import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.AnswerExtractor;
import io.videor1.reward.FormatReward;
import io.videor1.rl.DynamicSampling;
import io.videor1.rl.GroupAdvantages;
import io.videor1.rl.GroupRewards;
import io.videor1.rl.RolloutGroup;
import io.videor1.rl.TGrpoRewards;
import io.videor1.rl.TemporalCredit;
import io.videor1.rl.TemporalMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores one prompt's sampled group (spec §4): accuracy and format of every completion, the temporal bonus from the
 * group's own shuffled completions, the length bonus, the summed reward and the group-relative advantages; and the
 * ledger rows of all its responses. In the non-reference temporal modes ({@code train.temporal_mode}) the rewards are
 * GRPO's and {@link TemporalCredit} gives the mode's credit (from p̃, or from the order pass's gaps); their ledger
 * rows also carry each response's temporal score and its prompt's weight.
 */
final class GroupScoring {
  private GroupScoring() {}

  /**
   * A scored group, ready for the gradient pass; {@code tokenScale} is the key-token mode's per-token factor of each
   * completion's advantage, or null for the advantage on every token; {@code contrastRows} the contrast-KL mode's
   * completions in its term (the correct ones), or null for no term; {@code shuffledAdvantages} the shuffled-negative
   * mode's advantages of the completions sampled on the shuffled frames, or null where they are not trained on;
   * {@code contrastAnswer} the answer-contrast mode's answer element ({@code <answer>X</answer>}, from the group's
   * first correct completion), or null for no term.
   */
  record Scored(RolloutTask.Sampled sampled, GroupRewards rewards, float[] advantages, double[][] tokenScale,
      boolean[] contrastRows, float[] shuffledAdvantages, String contrastAnswer, List<LedgerRow> rows,
      boolean trained) {
    long problemId() {
      return sampled.prompt()._2().problemId();
    }

    /** The shuffled completions' token ids, in {@link #shuffledAdvantages}' order. */
    List<int[]> shuffledIds() {
      return sampled.shuffled().stream().map(Completion::tokenIds).toList();
    }

    /** Whether the shuffled completions have a gradient pass of their own (some advantage is not 0). */
    boolean trainsShuffled() {
      if (shuffledAdvantages == null) {
        return false;
      }
      for (float a : shuffledAdvantages) {
        if (a != 0f) {
          return true;
        }
      }
      return false;
    }

    List<int[]> ids() {
      return sampled.ordered().stream().map(Completion::tokenIds).toList();
    }

    PromptResult result(boolean didTrain, double loss, double kl) {
      return result(didTrain, loss, kl, null);
    }

    /** The result, the ordered rows' temporal scores set from {@code scores} (the contrast KL) when not null. */
    PromptResult result(boolean didTrain, double loss, double kl, double[] scores) {
      List<LedgerRow> out = rows;
      if (scores != null) {
        out = new ArrayList<>();
        for (LedgerRow r : rows) {
          out.add(r.shuffled() || r.sampleIndex() < 0 ? r : r.withTemporalScore(scores[r.sampleIndex()]));
        }
      }
      return new PromptResult(sampled.prompt()._1(), out, rewards == null ? null : PromptResult.Group.of(rewards),
          didTrain, loss, kl);
    }
  }

  /**
   * @param gaps the order pass's per-token gaps of the ordered completions ({@link io.videor1.model.logprob.OrderGap}),
   *     or null where it did not run
   */
  static Scored score(RolloutTask.Sampled s, double[][] gaps, TGrpoConfig cfg, int step, long version) {
    PromptMeta m = s.prompt()._2();
    LedgerRow.Builder group = LedgerRow.builder().setStep(step).setWeightVersion(version).setPromptId(m.promptId())
        .setProblemType(m.problemType()).setDataSource(m.dataSource()).setGroupId(step + "-" + s.prompt()._1());
    if (s.failure() != null) {
      LedgerRow row = group.sample().setShuffled(false).setSampleIndex(-1).setSamplingSeed(0L).setCompletion(null)
          .setCompletionTokens(0).setFinishReason("error").setAccuracy(0).setFormat(0).setTemporalBonus(0)
          .setLengthBonus(0).setTotalReward(0).setAdvantage(0).optFailure(s.failure()).build();
      return new Scored(s, null, new float[0], null, null, null, null, List.of(row), false);
    }
    List<Completion> ord = s.ordered();
    double[] acc = new double[ord.size()];
    double[] fmt = new double[ord.size()];
    int[] len = new int[ord.size()];
    for (int i = 0; i < ord.size(); i++) {
      acc[i] = AccuracyReward.score(m.type(), ord.get(i).text(), m.solution(), m.options(), cfg.rewards());
      fmt[i] = FormatReward.score(ord.get(i).text());
      len[i] = ord.get(i).length(); // generation stops at the first EOS, which it includes
    }
    double[] shufAcc = new double[s.shuffled().size()];
    double[] shufFmt = new double[s.shuffled().size()];
    for (int i = 0; i < shufAcc.length; i++) {
      Completion c = s.shuffled().get(i);
      shufAcc[i] = AccuracyReward.score(m.type(), c.text(), m.solution(), m.options(), cfg.rewards());
      shufFmt[i] = FormatReward.score(c.text());
    }
    RolloutGroup rollouts = new RolloutGroup(acc, fmt, len, shufAcc, m.video());
    GroupRewards g;
    double[] adv;
    TemporalCredit.Credit credit = null;
    if (cfg.temporalMode() == TemporalMode.REFERENCE) {
      g = TGrpoRewards.assemble(List.of(rollouts), cfg.rl()).get(0);
      adv = GroupAdvantages.compute(g.total(), cfg.rl());
    } else {
      credit = TemporalCredit.of(TemporalCredit.grpoRewards(rollouts, cfg.rl()), gaps, cfg.rl());
      g = credit.rewards();
      adv = credit.advantages();
    }
    boolean trained = DynamicSampling.apply(List.of(g), cfg.rl()).dropped() == 0;
    List<LedgerRow> rows = new ArrayList<>();
    for (int i = 0; i < ord.size(); i++) {
      Completion c = ord.get(i);
      LedgerRow.Builder row = group.sample().setShuffled(false).setSampleIndex(i).setSamplingSeed(c.seed())
          .setCompletion(c.text()).setCompletionTokens(c.length()).setFinishReason(finish(c)).setAccuracy(acc[i])
          .setFormat(fmt[i]).setTemporalBonus(g.temporalBonus()[i]).setLengthBonus(g.lengthBonus()[i])
          .setTotalReward(g.total()[i]).setAdvantage(adv[i]);
      if (credit != null) {
        row.optTemporalScore(credit.scores()[i]).optPromptWeight(credit.weight());
      }
      rows.add(row.build());
    }
    // the shuffled-negative mode trains on the shuffled completions of prompts whose order matters (their inputs kept)
    double[] shufAdv = cfg.temporalMode().trainsShuffled() && s.shuffledInputs() != null
        ? TemporalCredit.shuffledAdvantages(shufAcc, ord.size(), cfg.rl()) : null;
    for (int i = 0; i < shufAcc.length; i++) {
      Completion c = s.shuffled().get(i);
      rows.add(group.sample().setShuffled(true).setSampleIndex(i).setSamplingSeed(c.seed()).setCompletion(c.text())
          .setCompletionTokens(c.length()).setFinishReason(finish(c)).setAccuracy(shufAcc[i]).setFormat(shufFmt[i])
          .setTemporalBonus(0).setLengthBonus(0).setTotalReward(shufAcc[i] + shufFmt[i])
          .setAdvantage(shufAdv == null ? 0 : shufAdv[i]).build());
    }
    boolean[] contrast = cfg.temporalMode().policyContrast() && s.shuffledInputs() != null
        ? TemporalCredit.correct(acc, cfg.rl().correctThreshold()) : null;
    String answer = cfg.temporalMode().answerContrast() && s.shuffledInputs() != null
        ? answerElement(ord, acc, cfg.rl().correctThreshold()) : null;
    return new Scored(s, g, floats(adv), credit == null ? null : credit.tokenScale(), contrast,
        shufAdv == null ? null : floats(shufAdv), answer, rows, trained);
  }

  /**
   * The answer element of the first correct completion, rebuilt from the body the accuracy reward read, or null when
   * none is correct (or its body is empty): the answer the contrast teaches to depend on the order is one the reward
   * verified, not the record's label.
   */
  static String answerElement(List<Completion> ordered, double[] accuracy, double threshold) {
    boolean[] correct = TemporalCredit.correct(accuracy, threshold);
    for (int i = 0; i < correct.length; i++) {
      String body = correct[i] ? AnswerExtractor.extract(ordered.get(i).text()) : "";
      if (!body.isEmpty()) {
        return "<answer>" + body + "</answer>";
      }
    }
    return null;
  }

  private static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static String finish(Completion c) {
    return c.finishReason().name().toLowerCase(Locale.ROOT);
  }
}
