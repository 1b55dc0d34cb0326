package io.videor1.testing;

import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.sft.SftConfig;
import io.videor1.train.sft.SftTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny training setup shared by the tests of one JVM: 16 synthetic videos (and 8 test videos) curated with the
 * demo preset, and a tiny model after a few SFT steps. Built once (about 20 s), deleted at exit.
 */
public final class TinyTraining {
  /** Where things are. */
  public record Fixture(Path root, String frames, String testFrames, String cot, String sftModel) {}

  private static Fixture fixture;

  private TinyTraining() {}

  /** The shared fixture. */
  public static synchronized Fixture get() {
    if (fixture == null) {
      try {
        fixture = build(Files.createTempDirectory("videor1-train-tests"));
        Path root = fixture.root();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return fixture;
  }

  private static Fixture build(Path root) throws Exception {
    Path data = root.resolve("data");
    SynthJob.run(ConfigLoader.load("synth", List.of("synth.out=" + data, "synth.train=16", "synth.test=8",
        "synth.seed=3", "synth.width=112", "synth.height=112", "synth.cot_sentences=1", "synth.share.image=0"),
        SynthConfig::from), null);
    String frames = curate(data, "train.json", root.resolve("frames"));
    String test = curate(data, "test.json", root.resolve("frames-test"));
    String cot = data.resolve("train_cot.json").toString();
    SftConfig sft = ConfigLoader.load("sft", List.of("sft.preset=tiny", "sft.frames=" + frames, "sft.cot=" + cot,
        "sft.model=random:tiny", "sft.out=" + root.resolve("sft"), "sft.steps=3", "sft.warmup_steps=0",
        "sft.batch_size=4", "sft.checkpoint_every=3"), SftConfig::from);
    String model = SftTrainer.train(SparkTestSession.get(), sft, System.err).modelDir();
    return new Fixture(root, frames, test, cot, model);
  }

  private static String curate(Path data, String manifest, Path out) throws Exception {
    CurateJob.run(SparkTestSession.get(), ConfigLoader.load("curate", List.of("curate.preset=demo",
        "curate.manifest=" + data.resolve(manifest), "curate.media_root=" + data, "curate.out=" + out,
        "curate.progress_interval_s=0"), CurateConfig::from), null);
    return out.toString();
  }

  /** A T-GRPO configuration on the fixture: B = 2, G = 4 (+2 shuffled), 12 new tokens, a checkpoint every 2 steps. */
  public static TGrpoConfig train(String out, String... sets) {
    Fixture f = get();
    List<String> all = new ArrayList<>(List.of("train.preset=tiny", "train.frames=" + f.frames(),
        "train.model=" + f.sftModel(), "train.out=" + out, "train.prompts_per_step=2", "train.num_generations=4",
        "train.max_new_tokens=12", "train.checkpoint_every=2", "train.steps=4", "train.beta=0.04"));
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("train", all, TGrpoConfig::from);
  }

  static void delete(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
