package io.videor1.synth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code videor1 synth}: the embedded default dataset, small temporal-reasoning videos and images with Video-R1
 * records whose answers are correct by construction.
 *
 * <p>Usage: {@code bin/videor1 synth --out DIR [--train N] [--test M] [--seed S] [--set synth.key=value ...]}, then
 * {@code bin/videor1 curate --manifest DIR/train.json --media-root DIR --out FRAMES}. Defaults: conf/synth.conf;
 * design notes: docs/synth.md.
 *
 * <p>Writes under {@code --out}:
 *
 * <ul>
 *   <li>{@code train.json}, {@code test.json}: Video-R1-260k records (spec §1.2), a JSON array, one record per line,
 *       sorted by {@code problem_id} (train 0..N-1, test 1,000,000 + 0..M-1). Paths are relative to DIR
 *       ({@code ./train/videos/000012.mp4}, {@code ./train/images/000007.png}); {@code data_source} is
 *       {@code synth/<family>}. Two extra fields: {@code temporal} (true when the answer changes if the frames are
 *       reversed; counting and distance questions read the same backwards, so they are not temporal, though most
 *       shuffles change their answer too, see docs/synth.md) and {@code truth: {family, answer_reversed}} (the
 *       answer a viewer of the reversed frames would give, in the same form as the solution).
 *   <li>{@code train_cot.json}: the training records in the Video-R1-CoT schema, with {@code process} =
 *       {@code <think>…</think>} of exactly {@code synth.cot_sentences} sentences.
 *   <li>{@code train_truth.jsonl}, {@code test_truth.jsonl}: per record {@code problem_id, family, data_type,
 *       problem_type, temporal, answer, answer_reversed}, for videos {@code frame_indices} and {@code times} (the
 *       frames Video-R1 samples at 2 fps and their seconds), {@code statics} (items in every frame) and {@code beats}
 *       (the items at each sampled frame: {@code id, shape, colour, x, y[, text]}, in grid cells from the top left).
 *       An answerer can compute every answer from these, in any frame order.
 *   <li>{@code _synth.json}: counts by kind and family, media size, codec and parameters.
 *   <li>{@code train/videos}, {@code train/images}, {@code test/...}: the media, named by index.
 * </ul>
 *
 * <p>Design: each sample's random source is seeded by (seed, split, index) ({@link SamplePlan}); its kind comes from
 * an exact share allocation; its family builds a {@link Scene} on the frames Video-R1 samples; {@link Renderer}
 * draws it with {@link Canvas} and {@link BitmapFont}; {@link VideoWriter} encodes it with a verified encoder.
 * Samples are built on a thread pool but written by index and listed in index order, so the output is the same bytes
 * for a seed whatever the thread count or timing.
 */
public final class SynthJob {
  private SynthJob() {}

  /** Generates the dataset; progress lines go to {@code progress} (null for none). */
  public static SynthSummary run(SynthConfig cfg, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    String codec = VideoWriter.resolveCodec(cfg.codec());
    VideoWriter.verify(codec);
    Path out = Path.of(cfg.out()).toAbsolutePath().normalize();
    for (String split : List.of(SamplePlan.TRAIN, SamplePlan.TEST)) {
      for (String sub : List.of("videos", "images")) {
        Path dir = Files.createDirectories(out.resolve(split).resolve(sub));
        clearOldMedia(dir);
      }
    }
    VideoWriter video = new VideoWriter(codec, cfg.width(), cfg.height(), cfg.fps());
    Renderer renderer = new Renderer(cfg);
    say(progress, "synth: " + cfg.train() + " train + " + cfg.test() + " test samples, codec " + codec
        + " (checked), " + cfg.threads() + " threads, into " + out);

    ExecutorService pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
      Thread t = new Thread(r, "videor1-synth");
      t.setDaemon(true);
      return t;
    });
    List<SynthSample> train;
    List<SynthSample> test;
    try {
      List<Future<SynthSample>> trainF = submit(pool, cfg, SamplePlan.TRAIN, cfg.train(), out, video, renderer);
      List<Future<SynthSample>> testF = submit(pool, cfg, SamplePlan.TEST, cfg.test(), out, video, renderer);
      int total = cfg.train() + cfg.test();
      train = collect(trainF, 0, total, start, progress);
      test = collect(testF, cfg.train(), total, start, progress);
    } finally {
      pool.shutdownNow();
    }

    int[] beatFrames = cfg.beatFrames();
    ManifestWriter.writeArray(out.resolve("train.json"), train.stream().map(s -> ManifestWriter.record(s, false)).toList());
    ManifestWriter.writeArray(out.resolve("test.json"), test.stream().map(s -> ManifestWriter.record(s, false)).toList());
    ManifestWriter.writeArray(out.resolve("train_cot.json"), train.stream().map(s -> ManifestWriter.record(s, true)).toList());
    ManifestWriter.writeLines(out.resolve("train_truth.jsonl"),
        train.stream().map(s -> ManifestWriter.truth(s, beatFrames, cfg.fps())).toList());
    ManifestWriter.writeLines(out.resolve("test_truth.jsonl"),
        test.stream().map(s -> ManifestWriter.truth(s, beatFrames, cfg.fps())).toList());
    SynthSummary summary = summarise(cfg, out, codec, train, test, (System.nanoTime() - start) / 1e9);
    ManifestWriter.atomicWrite(out.resolve("_synth.json"), summary.toJson());
    return summary;
  }

  private static List<Future<SynthSample>> submit(ExecutorService pool, SynthConfig cfg, String split, int size,
      Path out, VideoWriter video, Renderer renderer) {
    SampleKind[] kinds = SamplePlan.kinds(cfg, split, size);
    ShortcutCue.Role[] cues = ShortcutCue.roles(cfg, split, kinds);
    List<Future<SynthSample>> fs = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int index = i;
      fs.add(pool.submit(() -> generate(cfg, split, index, kinds[index], cues[index], out, video, renderer)));
    }
    return fs;
  }

  /** Builds, draws and writes one sample. */
  static SynthSample generate(SynthConfig cfg, String split, int index, SampleKind kind, ShortcutCue.Role cue,
      Path out, VideoWriter video, Renderer renderer) throws IOException {
    SplittableRandom rng = SamplePlan.sampleRandom(cfg.seed(), split, index);
    Scene scene = SceneFactory.build(cfg, kind, rng, cue);
    int grain = renderer.grainOffset(rng);
    Canvas canvas = new Canvas(cfg.width(), cfg.height());
    String name = String.format("%06d", index);
    String rel;
    if (scene.video()) {
      rel = split + "/videos/" + name + "." + video.extension();
      video.write(out.resolve(rel), cfg.frames(), f -> {
        renderer.draw(scene, f, grain, canvas);
        return canvas.rgb();
      });
    } else {
      rel = split + "/images/" + name + ".png";
      renderer.draw(scene, 0, grain, canvas);
      ImageWriter.write(out.resolve(rel), canvas.rgb(), cfg.width(), cfg.height());
    }
    long id = split.equals(SamplePlan.TEST) ? SynthConfig.TEST_ID_BASE + index : index;
    return new SynthSample(split, index, id, kind, scene, "./" + rel, Thoughts.process(scene, cfg.cotSentences(), cfg.cotConclusion()),
        Files.size(out.resolve(rel)), cfg.cue() == SynthConfig.Cue.NONE ? null : ShortcutCue.answer(scene));
  }

  private static List<SynthSample> collect(List<Future<SynthSample>> fs, int doneBefore, int total, long start,
      PrintStream progress) throws IOException {
    List<SynthSample> out = new ArrayList<>(fs.size());
    int step = Math.max(1, total / 4);
    for (Future<SynthSample> f : fs) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException("generating a sample failed: " + c, c);
      }
      int done = doneBefore + out.size();
      if (done % step == 0 && done < total) {
        say(progress, String.format("synth: %d/%d samples, %.1f s", done, total, (System.nanoTime() - start) / 1e9));
      }
    }
    return out;
  }

  /** Removes media a previous, larger run left (only files named like ours). */
  private static void clearOldMedia(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9][0-9][0-9][0-9][0-9][0-9]*.{mp4,avi,webm,png}")) {
      for (Path p : ds) {
        Files.delete(p);
      }
    }
  }

  private static SynthSummary summarise(SynthConfig cfg, Path out, String codec, List<SynthSample> train,
      List<SynthSample> test, double seconds) {
    Map<String, Integer> byKind = new TreeMap<>();
    Map<String, Integer> byFamily = new TreeMap<>();
    int videos = 0;
    int temporal = 0;
    long bytes = 0;
    List<SynthSample> all = new ArrayList<>(train);
    all.addAll(test);
    for (SynthSample s : all) {
      byKind.merge(s.split() + "/" + s.kind().confKey(), 1, Integer::sum);
      byFamily.merge(s.scene().family(), 1, Integer::sum);
      videos += s.scene().video() ? 1 : 0;
      temporal += s.scene().temporal() ? 1 : 0;
      bytes += s.mediaBytes();
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("seed", cfg.seed());
    p.put("frames", cfg.frames());
    p.put("fps", cfg.fps());
    p.put("width", cfg.width());
    p.put("height", cfg.height());
    p.put("noise", cfg.noise());
    p.put("distractors", cfg.distractors());
    p.put("cot_sentences", cfg.cotSentences());
    Map<String, Double> shares = new LinkedHashMap<>();
    cfg.shares().forEach((k, v) -> shares.put(k.confKey(), v));
    p.put("shares", shares);
    Map<String, Object> cue = null;
    if (cfg.cue() != SynthConfig.Cue.NONE) {
      p.put("cue", cfg.cue().confName());
      p.put("cue_train_rate", cfg.cueTrainRate());
      p.put("cue_test_rate", cfg.cueTestRate());
      cue = new LinkedHashMap<>();
      cue.put("kind", cfg.cue().confName());
      cue.put(SamplePlan.TRAIN, ShortcutCue.accuracy(train));
      cue.put(SamplePlan.TEST, ShortcutCue.accuracy(test));
    }
    return new SynthSummary(out.toString(), train.size(), test.size(), videos, all.size() - videos, bytes, temporal,
        codec, byKind, byFamily, seconds, p, cue);
  }

  private static void say(PrintStream progress, String line) {
    if (progress != null) {
      progress.println(line);
    }
  }
}
