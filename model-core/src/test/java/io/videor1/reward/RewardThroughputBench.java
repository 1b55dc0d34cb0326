package io.videor1.reward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the rewards on a realistic mix: the five problem types in Video-R1-260k's proportions (multiple
 * choice 64.2 %, free-form 14.7 %, numerical 13.1 %, OCR 6.0 %, regression 2.0 %; spec §1.3) and completions of 300 to
 * 500 tokens (about 225 to 375 words of reasoning, then the answer). Each completion gets its accuracy and format
 * reward; the figure printed is completions scored per second on one thread, the median of several repetitions.
 *
 * <p>Not a JUnit test. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl model-core test-compile
 * java -cp "model-core/target/classes:model-core/target/test-classes:$(mvn -B -q -o -pl model-core \
 *     dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.videor1.reward.RewardThroughputBench [completions] [repetitions]
 * </pre>
 */
public final class RewardThroughputBench {
  private static final String[] TYPES = {"multiple choice", "free-form", "numerical", "OCR", "regression"};
  private static final double[] SHARES = {0.642, 0.147, 0.131, 0.060, 0.020};
  private static final String[] VOCAB = (
      "let me think about the video first the man walks to the door then he opens it and looks outside wait "
      + "hmm oh I see so the answer should be the second option because the red car appears after the person "
      + "leaves the building let's break it down frame by frame counting the moving objects carefully and "
      + "verifying each step the distance between the chair and the table seems roughly three meters given "
      + "the scale of the room reflection suggests that my earlier estimate was slightly off")
      .split(" ");

  private record Sample(String type, String completion, String solution) {}

  private RewardThroughputBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: number of completions (default 20,000) and repetitions (default 7)
   */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    List<Sample> samples = generate(n, new Random(42));
    RewardOptions opts = RewardOptions.defaults();
    double sink = 0;
    for (int w = 0; w < 3; w++) {
      sink += scoreAll(samples, opts);
    }
    double[] rates = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      sink += scoreAll(samples, opts);
      rates[r] = samples.size() / ((System.nanoTime() - t0) / 1e9);
    }
    Arrays.sort(rates);
    System.out.printf(Locale.ROOT,
        "rewards/s: %.0f completions/s (accuracy + format each; median of %d, min %.0f, max %.0f; %d completions,"
            + " mean accuracy %.3f)%n",
        rates[reps / 2], reps, rates[0], rates[reps - 1], samples.size(), sink / ((3 + reps) * samples.size()));
  }

  private static double scoreAll(List<Sample> samples, RewardOptions opts) {
    double sum = 0;
    for (Sample s : samples) {
      sum += AccuracyReward.score(s.type(), s.completion(), s.solution(), opts);
      FormatReward.score(s.completion());
    }
    return sum;
  }

  private static List<Sample> generate(int n, Random rnd) {
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String type = pickType(rnd.nextDouble());
      String[] answers = answers(type, rnd);
      int words = 225 + rnd.nextInt(151);
      StringBuilder sb = new StringBuilder("<think>");
      for (int w = 0; w < words; w++) {
        sb.append(w == 0 ? "" : " ").append(VOCAB[rnd.nextInt(VOCAB.length)]);
      }
      sb.append("</think>\n<answer>").append(answers[1]).append("</answer>");
      out.add(new Sample(type, sb.toString(), "<answer>" + answers[0] + "</answer>"));
    }
    return out;
  }

  private static String pickType(double u) {
    double acc = 0;
    for (int t = 0; t < TYPES.length; t++) {
      acc += SHARES[t];
      if (u < acc) {
        return TYPES[t];
      }
    }
    return TYPES[TYPES.length - 1];
  }

  /** {ground truth, prediction}, right about 60 % of the time. */
  private static String[] answers(String type, Random rnd) {
    boolean right = rnd.nextDouble() < 0.6;
    switch (type) {
      case "multiple choice": {
        String gt = String.valueOf((char) ('A' + rnd.nextInt(4)));
        return new String[] {gt, right ? gt : String.valueOf((char) ('A' + rnd.nextInt(4)))};
      }
      case "numerical": {
        String gt = String.valueOf(rnd.nextInt(100));
        return new String[] {gt, right ? gt : rnd.nextInt(100) + (rnd.nextBoolean() ? ".0" : "")};
      }
      case "regression": {
        double gt = 0.5 + rnd.nextDouble() * 20;
        double pred = right ? gt * (0.9 + rnd.nextDouble() * 0.2) : gt * rnd.nextDouble() * 3;
        return new String[] {String.format(Locale.ROOT, "%.2f", gt), String.format(Locale.ROOT, "%.2f", pred)};
      }
      case "OCR":
        return pair(rnd, 5 + rnd.nextInt(10), right ? 0.05 : 0.4);
      default:
        return pair(rnd, 15 + rnd.nextInt(25), right ? 0.2 : 0.7);
    }
  }

  /** A reference text of {@code words} words and a copy with about {@code noise} of them replaced. */
  private static String[] pair(Random rnd, int words, double noise) {
    StringBuilder ref = new StringBuilder();
    StringBuilder hyp = new StringBuilder();
    for (int w = 0; w < words; w++) {
      String word = VOCAB[rnd.nextInt(VOCAB.length)];
      ref.append(w == 0 ? "" : " ").append(word);
      hyp.append(w == 0 ? "" : " ").append(rnd.nextDouble() < noise ? VOCAB[rnd.nextInt(VOCAB.length)] : word);
    }
    return new String[] {ref.toString(), hyp.toString()};
  }
}
