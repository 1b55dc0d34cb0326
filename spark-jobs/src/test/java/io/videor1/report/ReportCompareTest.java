package io.videor1.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.train.grpo.RolloutLedger;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * {@code videor1 report} over any number of runs, on small hand-written runs: every run's series is drawn (and in its
 * own colour), per-step curves are smoothed over their raw values, temporal scores and prompt weights are charted
 * only for runs that log them, and the older one-run {@code report.compare} configuration still works.
 */
class ReportCompareTest {
  private static final int STEPS = 6;
  private static final Pattern IMG = Pattern.compile("<img[^>]*src=\"data:image/png;base64,");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path tgrpo;
  private static Path grpo;
  private static Path lr;
  private static Path grpo2;

  /**
   * T-GRPO (win rate), GRPO, a temporal mode logging scores and weights in its metrics and a per-response score in
   * its ledger, and a second GRPO-like run; only the temporal mode has a ledger (Spark's aggregation is the slow part).
   */
  @BeforeAll
  static void runs() throws Exception {
    spark = SparkTestSession.get();
    tgrpo = run("tgrpo", 1, "\"temporal_win_rate\":%.3f,\"temporal_rewards\":%<.3f,");
    grpo = run("grpo", 2, "");
    lr = run("lr", 3, "\"temporal_score_mean\":%.3f,\"temporal_prompt_weight\":{\"mean\":%<.3f,\"max\":1.5},");
    grpo2 = run("grpo2", 4, "");
    ledger(lr);
  }

  private static Path run(String name, int seed, String temporal) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder m = new StringBuilder();
    for (int step = 1; step <= STEPS; step++) {
      double acc = 0.2 + 0.05 * step + r.nextDouble(-0.1, 0.1);
      String t = String.format(Locale.ROOT, temporal, r.nextDouble());
      m.append(String.format(Locale.ROOT, "{\"step\":%d,\"accuracy\":%.3f,\"format\":0.9,\"temporal_bonus\":0.0,"
          + "\"length_bonus\":0.0,\"reward\":%.3f," + t + "\"kl\":%.4f,"
          + "\"completion_length\":%d,\"seconds\":{\"rollout\":1.5,\"total\":2.0}}%n", step, acc, acc + 0.9,
          0.01 * step, 20 + step));
    }
    Files.writeString(d.resolve("metrics.jsonl"), m.toString(), StandardCharsets.UTF_8);
    Files.writeString(d.resolve("run.json"), "{\"config\":{\"rl\":{\"temporal\":" + (seed == 1) + "}}}");
    return d;
  }

  /** A ledger of 4 ordered and 2 shuffled responses per step, with a per-response temporal_score (one NaN a step). */
  private static void ledger(Path run) {
    StructType schema = RolloutLedger.SCHEMA.add("step", DataTypes.IntegerType, false)
        .add("temporal_score", DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    for (int step = 1; step <= STEPS; step++) {
      for (int i = 0; i < 6; i++) {
        boolean shuffled = i >= 4;
        double acc = (step + i) % 2;
        List<Object> v = new ArrayList<>(Arrays.asList((long) step - 1, "p" + step, "multiple choice", "synth/x",
            step + "-0", shuffled, i, 7L + i, "<answer>A</answer>", 10 + i, "stop", acc, 1.0, 0.0, 0.0, acc + 1, 0.1,
            null, step));
        v.add(i == 3 ? Double.NaN : 0.1 * step - 0.05 * i);
        rows.add(RowFactory.create(v.toArray()));
      }
    }
    spark.createDataFrame(rows, schema).write().partitionBy("step").parquet(run.resolve("ledger").toString());
  }

  private static ReportConfig config(String... sets) {
    return ConfigLoader.load("report", List.of(sets), ReportConfig::from);
  }

  private static List<Section> sections(ReportConfig cfg) throws Exception {
    List<RunData> runs = new ArrayList<>();
    runs.add(RunData.open(spark, cfg.run(), cfg.runLabel()));
    cfg.compare().forEach(c -> {
      try {
        runs.add(RunData.open(spark, c, ""));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    List<Dataset<Row>> ledgers = runs.stream().map(RunData::ledger).toList();
    // The ledger aggregates of LedgerStats (histograms, accuracy by type) are not what this class tests, and are the
    // slowest Spark work of a report: ReportE2EIT aggregates real ledgers. Here every run is shown without them.
    List<LedgerStats> noStats = Arrays.asList(new LedgerStats[runs.size()]);
    return ReportSections.build(runs, noStats, LedgerSignals.of(ledgers, cfg.temporalPrefixes(), 10),
        new Charts(640, 320, cfg.smoothing()), cfg);
  }

  private static Section section(List<Section> all, String id) {
    return all.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<String> alts(Section s) {
    return s.figures().stream().map(Section.Figure::alt).toList();
  }

  /** Pixels of exactly this colour: a curve drawn across the plot has hundreds, a legend swatch a few dozen. */
  private static int pixels(byte[] png, Color c) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += (img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void threeRunsRenderEachRunsSeries() throws Exception {
    Path out = dir.resolve("three.html");
    ReportConfig cfg = config("report.run=" + tgrpo, "report.compare=" + grpo + "," + lr, "report.out=" + out);
    assertEquals(List.of(grpo.toString(), lr.toString()), cfg.compare());
    List<Section> all = sections(cfg);

    List<String> rewards = alts(section(all, "rewards"));
    for (String label : List.of("tgrpo", "grpo", "lr")) {
      assertTrue(rewards.contains(label + ": reward components over steps"), rewards.toString());
    }
    Section.Figure total = section(all, "rewards").figures().get(3);
    assertEquals("Total reward over steps: tgrpo, grpo, lr", total.alt());
    for (int i = 0; i < 3; i++) {
      int n = pixels(total.png(), Charts.RUNS[i]);
      assertTrue(n > 150, "run " + i + "'s smoothed curve is drawn in its colour: " + n + " pixels");
    }
    assertEquals(List.of("KL to the reference model over steps: tgrpo, grpo, lr"), alts(section(all, "kl")));
    assertEquals(List.of("Temporal win rate over steps: tgrpo"), alts(section(all, "temporal")));

    // Only the temporal mode logs scores and weights: one metrics chart per key, two ledger charts per column.
    assertEquals(List.of("temporal_score_mean over steps (metrics): lr",
        "temporal_prompt_weight.mean over steps (metrics): lr", "temporal_prompt_weight.max over steps (metrics): lr",
        "temporal_score mean per step (ledger): lr", "temporal_score distribution over the run (ledger): lr"),
        alts(section(all, "temporal-signals")));

    // The page holds one image per chart and names the three runs (ReportJob.run writes it: the older-configuration
    // test below runs the whole job, which would repeat the ledger aggregation here).
    String page = HtmlReport.render(List.of("tgrpo", "grpo", "lr"), all, 640, 320, "curves");
    int images = 0;
    for (Matcher m = IMG.matcher(page); m.find(); ) {
      images++;
    }
    assertEquals(all.stream().mapToInt(x -> x.figures().size()).sum(), images);
    assertTrue(page.contains("videor1 report: tgrpo vs grpo vs lr"), "the title names the three runs");
  }

  @Test
  void runsWithoutTemporalScoresGetNoSuchChart() throws Exception {
    // T-GRPO's and GRPO's metrics have only the published objective's temporal fields or none, and the temporal
    // mode's ledger column does not match the prefix asked for here: nothing to chart, and no Spark job to run.
    List<RunData> runs = List.of(RunData.open(spark, tgrpo.toString(), ""), RunData.open(spark, grpo.toString(), ""),
        RunData.open(spark, lr.toString(), ""));
    List<String> prefixes = List.of("temporal_win", "temporal_rewards", "order_");
    List<LedgerSignals> signals = LedgerSignals.of(runs.stream().map(RunData::ledger).toList(), prefixes, 10);
    assertEquals(Arrays.asList(null, null, new LedgerSignals(java.util.Map.of(), java.util.Map.of())),
        signals);
    Section s = TemporalSignals.section(runs, signals, new Charts(640, 320, 0.6), prefixes);
    assertTrue(s.figures().isEmpty(), alts(s).toString());
    assertTrue(s.html().contains("no run logs a temporal score or prompt weight"), s.html());
  }

  @Test
  void smoothedCurvesAreDrawnOverFaintRawValuesAndZeroDrawsTheRawOnly() {
    double[] x = {1, 2, 3, 4};
    double[] y = {1, 0, 0, 1};
    List<Charts.Line> lines = List.of(new Charts.Line("a", x, y, Charts.RUNS[0]));
    XYChart c = new Charts(640, 320, 0.5).lineChart("t", "y", lines, null);
    XYSeries raw = c.getSeriesMap().get("a (raw)");
    XYSeries smooth = c.getSeriesMap().get("a");
    assertArrayEquals(y, raw.getYData());
    assertArrayEquals(new double[] {1, 1 / 3.0, 1 / 7.0, 0.6}, smooth.getYData(), 1e-12);
    assertFalse(raw.isShowInLegend());
    assertTrue(raw.getLineColor().getAlpha() < 255 && smooth.getLineColor().getAlpha() == 255);

    XYChart plain = new Charts(640, 320, 0).lineChart("t", "y", lines, null);
    assertEquals(List.of("a"), List.copyOf(plain.getSeriesMap().keySet()));
    assertArrayEquals(y, plain.getSeriesMap().get("a").getYData());
  }

  @Test
  void theOlderSingleCompareConfigurationStillWorks() throws Exception {
    Path out = dir.resolve("old.html");
    ReportConfig cfg = config("report.run=" + grpo2, "report.compare=" + grpo, "report.out=" + out,
        "report.run_label=T-GRPO", "report.compare_label=GRPO");
    assertEquals(List.of(grpo.toString()), cfg.compare());
    assertEquals(List.of("GRPO"), cfg.compareLabels());
    assertTrue(cfg.comparing());
    assertEquals(List.of("T-GRPO", "GRPO"), ReportJob.run(spark, cfg).labels());
    String page = Files.readString(out);
    assertTrue(page.contains("videor1 report: T-GRPO vs GRPO"), "the title names both runs");
    assertTrue(page.contains("exponential moving average with weight 0.6"), "the page says how curves are drawn");

    ReportConfig one = config("report.run=" + tgrpo, "report.out=" + out);
    assertFalse(one.comparing());
    // A configuration file's list form, and the string form of older files.
    ReportConfig listed = ReportConfig.from(ConfigFactory.parseString("report { run = a, compare = [b, c], "
        + "compare_label = [B, C], out = o.html }").withFallback(ConfigLoader.defaults("report")));
    assertEquals(List.of("b", "c"), listed.compare());
    assertEquals(List.of("B", "C"), listed.compareLabels());
    ReportConfig old = ReportConfig.from(ConfigFactory.parseString("report { run = a, compare = \"b\", "
        + "compare_label = \"\", out = o.html }").withFallback(ConfigLoader.defaults("report")));
    assertEquals(List.of("b"), old.compare());
    assertEquals(List.of(), old.compareLabels());
  }

  @Test
  void mistakesNameTheKey() {
    String m = assertThrows(ConfigError.class, () -> config("report.run=a", "report.out=o", "report.compare=b,c",
        "report.compare_label=B")).getMessage();
    assertTrue(m.contains("report.compare_label must give one label per compared run (2)"), m);
    m = assertThrows(ConfigError.class, () -> config("report.run=a", "report.out=o", "report.smoothing=1"))
        .getMessage();
    assertTrue(m.contains("report.smoothing must be in [0, 1)"), m);
    m = assertThrows(ConfigError.class, () -> config("report.run=a", "report.out=o",
        "report.compare=b,c,d,e,f,g,h,i,j,k")).getMessage();
    assertTrue(m.contains("report.compare must name at most 9 runs"), m);
  }

  @Test
  void runsOfOneNameAreToldApartByTheirParentDirectory() {
    List<RunData> runs = List.of(new RunData("run", "/x/run", List.of(), java.util.Map.of(), null),
        new RunData("run", "/y/run", List.of(), java.util.Map.of(), null),
        new RunData("run", "/y/run", List.of(), java.util.Map.of(), null),
        new RunData("grpo", "/z/grpo", List.of(), java.util.Map.of(), null));
    assertEquals(List.of("x/run", "y/run", "y/run (2)", "grpo"),
        ReportJob.distinctLabels(runs).stream().map(RunData::label).toList());
  }
}
