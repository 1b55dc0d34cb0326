package io.videor1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.conf.ConfigLoader;
import io.videor1.exec.FrameProbe;
import io.videor1.prompt.PromptMeta;
import io.videor1.rl.BonusEffect;
import io.videor1.score.PairedDifference;
import io.videor1.train.data.TrainData;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import io.videor1.train.run.StepTimer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 bench demo}: T-GRPO against GRPO with the same budget from the demo's one SFT checkpoint, on several
 * RL seeds (sampling, shuffles, prompt order), so that a difference between the two is told apart from the luck of
 * one run. Each seed's runs are evaluated on the held-out split; the figures are T-GRPO − GRPO on the
 * order-dependent questions and overall, per seed with a paired bootstrap interval over questions, and their mean
 * over seeds with the spread of the seeds. Beside them, read from each T-GRPO run's ledger, what its temporal bonus
 * did to the advantages ({@link BonusEffect}): under the per-group std scaling it cancels wherever a group's format
 * rewards agree, and then T-GRPO trains exactly as GRPO does.
 *
 * <p>The data, curation and SFT are the demo's (reused when {@code --out} already holds them); seed k's runs are
 * {@code OUT/RUNS/tgrpo-k} and {@code grpo-k} ({@code RUNS} is {@code seeds} unless a variant names another), RL
 * seed = demo seed + k, each resumable.
 */
public final class DemoSeeds {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DemoSeeds() {}

  /** One seed's figures, with what T-GRPO's bonus did to that run's advantages. */
  record Seed(long rlSeed, Map<String, Double> temporal, Map<String, Double> overall, PairedDifference temporalDiff,
      PairedDifference overallDiff, BonusEffect bonus, int firstDivergence) {}

  /** Runs {@code seeds} seeds and writes {@code OUT/RUNS/summary.json}; the table goes to {@code out}. */
  public static List<Seed> run(SparkSession spark, DemoConfig cfg, int seeds, String runs, PrintStream out,
      PrintStream log)
      throws Exception {
    StepTimer timer = new StepTimer();
    DemoJob.Prepared p = DemoJob.prepare(spark, cfg, timer, log);
    List<PromptMeta> test = TrainData.load(spark, p.testFrames());
    List<Seed> rows = new ArrayList<>();
    for (int k = 1; k <= seeds; k++) {
      long rlSeed = cfg.seed() + k;
      Map<String, List<HeldOutEval.Item>> res = new LinkedHashMap<>();
      BonusEffect bonus = null;
      for (String algo : List.of("tgrpo", "grpo")) {
        Path dir = runDir(p, runs, algo, k);
        TGrpoConfig rl = ConfigLoader.load("train", cfg.trainOverrides(p.trainFrames(), p.sftModel(), dir.toString(),
            algo.equals("tgrpo"), rlSeed), TGrpoConfig::from);
        String model = timer.time(algo + "_" + k, () -> TGrpoTrainer.train(spark, rl, log)).modelDir();
        if (algo.equals("tgrpo")) {
          bonus = LedgerBonus.of(spark, dir.toString(), rl.rl());
        }
        res.put(algo, timer.time("eval_" + algo + "_" + k, () -> HeldOutEval.run(spark, test, model,
            HeldOutEval.Settings.of(cfg, p.sftModel()), algo + " seed " + rlSeed)));
      }
      Map<String, PairedDifference> d = DemoSummary.differences(res, cfg.seed());
      Map<String, Double> tmp = new LinkedHashMap<>();
      Map<String, Double> all = new LinkedHashMap<>();
      res.forEach((algo, items) -> {
        tmp.put(algo, items.stream().filter(i -> Boolean.TRUE.equals(i.temporal())).mapToDouble(i -> i.under(
            FrameProbe.ORDERED)).average().orElse(Double.NaN));
        all.put(algo, items.stream().mapToDouble(HeldOutEval.Item::ordered).average().orElse(Double.NaN));
      });
      double[] a = res.get("tgrpo").stream().mapToDouble(HeldOutEval.Item::ordered).toArray();
      double[] b = res.get("grpo").stream().mapToDouble(HeldOutEval.Item::ordered).toArray();
      rows.add(new Seed(rlSeed, tmp, all, d.get("tgrpo_minus_grpo_temporal"), PairedDifference.of(a, b, cfg.seed()),
          bonus, LedgerBonus.firstDivergence(spark, runDir(p, runs, "tgrpo", k).toString(),
          runDir(p, runs, "grpo", k).toString())));
      log.println("bench demo: seed " + rlSeed + " done");
      print(rows, log); // so far, in case the run is stopped
      write(p.root().resolve(runs).resolve("summary.json"), rows, timer);
    }
    print(rows, out);
    return rows;
  }

  private static Path runDir(DemoJob.Prepared p, String runs, String algo, int k) {
    return p.root().resolve(runs).resolve(algo + "-" + k);
  }

  static void print(List<Seed> rows, PrintStream out) {
    out.printf(Locale.ROOT, "%-8s %-28s %-28s %-30s %-30s %s%n", "RL seed", "order-dependent T-GRPO/GRPO",
        "all T-GRPO/GRPO", "T-GRPO - GRPO, order-dep. [95%]", "T-GRPO - GRPO, all [95%]",
        "T-GRPO's groups with bonus / bonus moved advantages (mean |shift| / |A|), runs' first different step");
    for (Seed s : rows) {
      BonusEffect b = s.bonus();
      out.printf(Locale.ROOT, "%-8d %-28s %-28s %-30s %-30s %d of %d / %d (%.4f / %.3f), step %d%n", s.rlSeed(),
          pair(s.temporal()), pair(s.overall()), diff(s.temporalDiff()), diff(s.overallDiff()), b.bonusGroups(),
          b.groups(), b.movedGroups(), b.meanAbsShift(), b.meanAbsAdvantage(), s.firstDivergence());
    }
    double[] t = rows.stream().mapToDouble(s -> s.temporalDiff().mean()).toArray();
    double[] o = rows.stream().mapToDouble(s -> s.overallDiff().mean()).toArray();
    out.printf(Locale.ROOT, "mean over %d seeds: order-dependent %+.3f (seeds' sd %.3f), all %+.3f (sd %.3f)%n",
        rows.size(), mean(t), sd(t), mean(o), sd(o));
  }

  private static void write(Path file, List<Seed> rows, StepTimer timer) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode a = n.putArray("seeds");
    for (Seed s : rows) {
      ObjectNode x = a.addObject();
      x.put("rl_seed", s.rlSeed());
      x.set("temporal_accuracy", JSON.valueToTree(s.temporal()));
      x.set("accuracy", JSON.valueToTree(s.overall()));
      x.set("tgrpo_minus_grpo_temporal", JSON.valueToTree(s.temporalDiff()));
      x.set("tgrpo_minus_grpo", JSON.valueToTree(s.overallDiff()));
      x.set("tgrpo_bonus_effect", JSON.valueToTree(s.bonus()));
      x.put("first_step_tgrpo_and_grpo_sampled_differently", s.firstDivergence());
    }
    double[] t = rows.stream().mapToDouble(s -> s.temporalDiff().mean()).toArray();
    n.put("mean_tgrpo_minus_grpo_temporal", mean(t));
    n.put("sd_over_seeds_tgrpo_minus_grpo_temporal", sd(t));
    n.set("seconds", JSON.valueToTree(timer.seconds()));
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8);
  }

  private static String pair(Map<String, Double> m) {
    return String.format(Locale.ROOT, "%.3f / %.3f", m.get("tgrpo"), m.get("grpo"));
  }

  private static String diff(PairedDifference d) {
    return String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", d.mean(), d.lo(), d.hi());
  }

  private static double mean(double[] x) {
    return java.util.Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static double sd(double[] x) {
    if (x.length < 2) {
      return Double.NaN;
    }
    double m = mean(x);
    return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
  }
}
