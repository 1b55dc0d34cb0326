package io.videor1.demo;

import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.prompt.PromptMeta;
import io.videor1.report.ReportConfig;
import io.videor1.report.ReportJob;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.train.data.TrainData;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import io.videor1.train.run.StepTimer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 demo}: the whole method on the embedded data in local Spark — generate the synthetic dataset,
 * curate it, SFT a tiny model from scratch, run T-GRPO and (same budget, same SFT start) GRPO, evaluate all three on
 * the held-out test split with true, shuffled and blank frames, and write summary.json, a table and the reward curves.
 *
 * <p>Every stage resumes: the dataset and curation are skipped when present, training runs continue from their
 * newest checkpoint, so a killed demo picks up where it stopped.
 */
public final class DemoJob {
  private DemoJob() {}

  /** What the RL stages start from: the curated splits and the SFT model. */
  public record Prepared(Path root, String trainFrames, String testFrames, SftGate.Result sft) {
    /** The SFT model the RL stages start from. */
    public String sftModel() {
      return sft.model();
    }
  }

  /** Runs the demo; the table goes to {@code out}, progress lines to {@code log}. */
  public static DemoSummary run(SparkSession spark, DemoConfig cfg, PrintStream out, PrintStream log)
      throws Exception {
    StepTimer timer = new StepTimer();
    Prepared p = prepare(spark, cfg, timer, log);
    Path root = p.root();
    String trainFrames = p.trainFrames();
    String testFrames = p.testFrames();
    String sftModel = p.sftModel();
    Map<String, String> models = new LinkedHashMap<>();
    models.put("sft", sftModel);
    Map<String, TGrpoTrainer.Result> runs = new LinkedHashMap<>();
    for (String algo : List.of("tgrpo", "grpo")) {
      TGrpoConfig rl = ConfigLoader.load("train",
          cfg.trainOverrides(trainFrames, sftModel, root.resolve(algo).toString(), algo.equals("tgrpo")),
          TGrpoConfig::from);
      TGrpoTrainer.Result r = timer.time(algo, () -> TGrpoTrainer.train(spark, rl, log));
      runs.put(algo, r);
      models.put(algo, r.modelDir());
    }
    List<PromptMeta> test = TrainData.load(spark, testFrames);
    TextOnlyBaseline.Result textOnly = TextOnlyBaseline.of(TrainData.load(spark, trainFrames), test);
    Map<String, List<HeldOutEval.Item>> results = new LinkedHashMap<>();
    for (Map.Entry<String, String> m : models.entrySet()) {
      results.put(m.getKey(), timer.time("eval_" + m.getKey(), () -> HeldOutEval.run(spark, test,
          m.getValue(), HeldOutEval.Settings.of(cfg, sftModel), m.getKey())));
      log.println("demo: evaluated " + m.getKey());
    }
    DemoSummary summary = DemoSummary.of(results, runs, textOnly, p.sft(), timer, cfg);
    timer.time("report", () -> {
      DemoReport.write(root, summary, results);
      ReportConfig rc = ConfigLoader.load("report", List.of("report.run=" + root.resolve("tgrpo"),
          "report.compare=" + root.resolve("grpo"), "report.out=" + root.resolve(DemoSummary.REPORT),
          "report.run_label=T-GRPO", "report.compare_label=GRPO"), ReportConfig::from);
      ReportJob.Result r = ReportJob.run(spark, rc, List.of(new ReportJob.Extra("heldout", "Held-out evaluation",
          "Greedy answers of the SFT, T-GRPO and GRPO models on the held-out synthetic split, with true, shuffled "
              + "and blank frames (summary.json).", DemoReport.table(summary))));
      log.println("demo: report " + r.out() + " (" + r.charts() + " charts)");
      return null;
    });
    DemoReport.printTable(summary, out);
    return summary;
  }

  /** Data, curation and SFT (each skipped or resumed when already there). */
  public static Prepared prepare(SparkSession spark, DemoConfig cfg, StepTimer timer, PrintStream log)
      throws Exception {
    Path root = Path.of(cfg.out()).toAbsolutePath();
    Path data = root.resolve("data");
    timer.time("synth", () -> synth(cfg, data, log));
    String trainFrames = root.resolve("frames-train").toString();
    String testFrames = root.resolve("frames-test").toString();
    timer.time("curate", () -> {
      curate(spark, cfg, data.resolve("train.json"), data, trainFrames, log);
      curate(spark, cfg, data.resolve("test.json"), data, testFrames, log);
      return null;
    });
    SftGate.Result sft = timer.time("sft", () -> SftGate.run(spark, cfg, trainFrames,
        data.resolve("train_cot.json").toString(), root.resolve("sft"), log));
    return new Prepared(root, trainFrames, testFrames, sft);
  }

  private static Void synth(DemoConfig cfg, Path data, PrintStream log) throws Exception {
    if (Files.exists(data.resolve("_synth.json")) && Files.exists(data.resolve("train_cot.json"))) {
      log.println("demo: dataset already at " + data);
      return null;
    }
    List<String> sets = new ArrayList<>(List.of("synth.preset=demo", "synth.out=" + data, "synth.train=" + cfg.trainSamples(),
        "synth.test=" + cfg.testSamples(), "synth.seed=" + cfg.seed(), "synth.cot_sentences=" + cfg.cotSentences()));
    sets.addAll(cfg.synthSets());
    SynthConfig s = ConfigLoader.load("synth", sets, SynthConfig::from);
    log.println(SynthJob.run(s, log).line());
    return null;
  }

  private static void curate(SparkSession spark, DemoConfig cfg, Path manifest, Path mediaRoot, String out,
      PrintStream log)
      throws Exception {
    List<String> sets = new ArrayList<>(List.of("curate.preset=demo", "curate.manifest=" + manifest,
        "curate.media_root=" + mediaRoot, "curate.out=" + out, "curate.progress_interval_s=0"));
    sets.addAll(cfg.curateSets());
    CurateConfig c = ConfigLoader.load("curate", sets, CurateConfig::from);
    log.println("demo: " + CurateJob.run(spark, c, log).balanceLine());
  }
}
