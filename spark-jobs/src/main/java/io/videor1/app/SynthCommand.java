package io.videor1.app;

import io.videor1.conf.ConfigError;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.synth.SynthSummary;
import io.videor1.synth.VideoWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 synth}: generates the embedded temporal-reasoning dataset (no Spark needed). */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Generate temporal-reasoning videos and images with Video-R1 records",
      "(train.json, test.json, train_cot.json, *_truth.jsonl), correct by construction.",
      "Manifest paths are relative to --out:",
      "  videor1 curate --manifest DIR/train.json --media-root DIR --out FRAMES",
      "Defaults: conf/synth.conf; design: docs/synth.md."
    })
public final class SynthCommand implements Callable<Integer> {
  @Option(names = "--out", description = "Output directory (also the media root of the manifests).")
  String out;

  @Option(names = "--train", description = "Training samples (synth.train).")
  Integer train;

  @Option(names = "--test", description = "Test samples (synth.test).")
  Integer test;

  @Option(names = "--seed", description = "Seed (synth.seed).")
  Long seed;

  @Option(names = "--preset", description = "A named block of conf/synth.conf: default, demo or demo-shortcut (synth.preset).")
  String preset;

  @Option(names = "--set", description = "Override a configuration key: --set synth.frames=32 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    SynthConfig cfg = JobLauncher.overrides().put("synth.out", out).put("synth.train", train).put("synth.test", test)
        .put("synth.seed", seed).put("synth.preset", preset).sets(sets).load("synth", SynthConfig::from);
    try {
      VideoWriter.resolveCodec(cfg.codec()); // a missing encoder stops the command before anything is written
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
    SynthSummary s = SynthJob.run(cfg, System.err);
    System.out.println(s.line());
    return 0;
  }
}
