package io.videor1.demo.probe;

import io.videor1.conf.ConfigLoader;
import io.videor1.demo.DemoConfig;
import io.videor1.demo.DemoJob;
import io.videor1.demo.HeldOutEval;
import io.videor1.exec.FrameProbe;
import io.videor1.prompt.PromptMeta;
import io.videor1.train.data.TrainData;
import io.videor1.train.run.StepTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Dev probe (not a test): the demo's data, curation and SFT stages as {@code videor1 demo} runs them (args: demo.*
 * overrides), then greedy held-out accuracy of the SFT model and of every SFT checkpoint under true, shuffled and
 * blank frames: how far SFT got towards looking, and when.
 */
public final class SftProbe {
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sft-probe").getOrCreate();
    DemoConfig cfg = ConfigLoader.load("demo", List.of(a), DemoConfig::from);
    DemoJob.Prepared p = DemoJob.prepare(spark, cfg, new StepTimer(), System.err);
    List<PromptMeta> test = TrainData.load(spark, p.testFrames());
    test = test.subList(0, Math.min(test.size(), Integer.getInteger("probe.n", test.size())));
    List<String> models = new ArrayList<>();
    Path ck = p.root().resolve("sft/checkpoints");
    if (Files.isDirectory(ck)) {
      try (Stream<Path> s = Files.list(ck)) {
        s.filter(d -> d.getFileName().toString().startsWith("step-")).sorted()
            .forEach(d -> models.add(d.resolve("model").toString()));
      }
    }
    if (models.isEmpty()) {
      models.add(p.sftModel()); // else the last checkpoint is the final model
    }
    for (String m : models) {
      List<HeldOutEval.Item> items = HeldOutEval.run(spark, test, m, HeldOutEval.Settings.of(cfg, m),
          "probe");
      double all = 0, blank = 0, tOrd = 0, tShuf = 0, img = 0;
      int nT = 0, nI = 0;
      for (HeldOutEval.Item i : items) {
        all += i.ordered();
        blank += i.under(FrameProbe.BLANK);
        if (Boolean.TRUE.equals(i.temporal())) {
          tOrd += i.ordered();
          tShuf += i.under(FrameProbe.SHUFFLED);
          nT++;
        } else if (!i.video()) {
          img += i.ordered();
          nI++;
        }
      }
      int n = items.size();
      System.out.printf(Locale.ROOT, "PROBE %s seed=%d acc=%.3f blank=%.3f look=%+.3f image=%.3f temporal=%.3f "
          + "shuffled=%.3f order=%+.3f%n", m.replace(p.root().toString(), ""), cfg.seed(), all / n, blank / n,
          (all - blank) / n, img / Math.max(1, nI), tOrd / nT, tShuf / nT, (tOrd - tShuf) / nT);
    }
    spark.stop();
  }
}
