package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigLoader;
import io.videor1.exec.FrameProbe;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.generate.Generator;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import io.videor1.prompt.PromptInput;
import io.videor1.prompt.PromptStyle;
import io.videor1.prompt.Prompts;
import io.videor1.prompt.Question;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.testing.SparkTestSession;
import io.videor1.train.run.RunManifest;
import io.videor1.train.sft.SftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videor1 eval} with frame probes, as the README's command line runs it: a {@code videor1 synth} split (videos
 * and images), the demo curation preset, a model in a run directory whose run record says it trained on short
 * prompts. The model is random with weights large enough (std 0.5) that its answers move with the frames, so the
 * table's probe answers can be told apart and checked against the model on those frames. Then a probe is added (only
 * its answers are generated) and the run repeated (none are).
 */
class EvalProbesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EvalConfig config(Path data, Path model, Path out, String probes) {
    return ConfigLoader.load("eval", List.of("eval.bench=" + data.resolve("test.json"), "eval.media_root=" + data,
        "eval.model=" + model, "eval.out=" + out, "eval.curate_preset=demo", "eval.probes=" + probes,
        "eval.max_new_tokens=8", "eval.questions_per_task=3", "eval.progress_interval_s=0"), EvalConfig::from);
  }

  @Test
  void probesAreAnsweredOnTheirFramesScoredAndResumed(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("synth");
    // the demo's data: objects large enough in 56x56 curated frames that a random model's answer moves with them
    SynthJob.run(ConfigLoader.load("synth", List.of("synth.out=" + data, "synth.preset=demo", "synth.train=1",
        "synth.test=6", "synth.seed=5", "synth.share.image=0.34"), SynthConfig::from), null);
    Path run = dir.resolve("run");
    Path model = run.resolve("model");
    Path tokenizer = Files.createDirectories(dir.resolve("tok"));
    ByteTokenizerFiles.write(tokenizer, ModelPresets.tiny().text().vocabSize());
    try (VisionLanguageModel vlm = VisionLanguageModel.random(ModelPresets.tiny(), tokenizer, 11, 0.5,
        VisionLanguageModel.LoadOptions.cpu())) {
      vlm.save(model, SafeDType.F32, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
    }
    // the run record as SFT writes it, for the tiny preset's short prompts
    SftConfig sft = ConfigLoader.load("sft", List.of("sft.preset=tiny", "sft.frames=f", "sft.model=random:tiny",
        "sft.out=" + run), SftConfig::from);
    Files.writeString(run.resolve("run.json"), RunManifest.toJson(RunManifest.of("sft", sft, "v", 1)));

    SparkSession spark = SparkTestSession.get();
    Path out = dir.resolve("eval");
    EvalJob.Result first = EvalJob.run(spark, config(data, model, out, "shuffled,blank"), System.err);
    List<Row> table = spark.read().parquet(first.answersPath()).collectAsList();
    Map<String, Row> byKey = new HashMap<>();
    Map<String, Integer> perProbe = new HashMap<>();
    table.forEach(r -> {
      byKey.put(r.<String>getAs("row_key") + "|" + r.getAs("probe"), r);
      perProbe.merge(r.getAs("probe"), 1, Integer::sum);
    });
    int questions = first.summary().answered();
    int videos = perProbe.get("blank");
    assertTrue(videos >= 2 && videos < questions, "the split has videos and images: " + perProbe);
    assertEquals(Map.of("ordered", questions, "shuffled", videos, "blank", videos), perProbe, "images: ordered only");
    assertEquals(table.size(), byKey.size(), "one row per question and probe");
    assertEquals(questions + 2L * videos, first.answeredNow());

    JsonNode b = JSON.readTree(out.resolve("summary.json").toFile()).get("benchmarks").get(0);
    assertEquals("short", b.get("prompt_style").asText(), "from RUN/run.json beside RUN/model");
    assertEquals("run record " + run.resolve("run.json"), b.get("prompt_style_from").asText());
    assertEquals("demo", b.get("curate_preset").asText());
    for (String p : List.of("shuffled", "blank")) {
      JsonNode probe = b.get("probes").get(p);
      assertInUnit(probe.get("score").asDouble());
      assertEquals(videos, probe.get("videos").asInt());
      JsonNode d = probe.get("diff");
      assertEquals(questions, d.get("n").asInt(), "images pair with their ordered answer");
      assertEquals(b.get("reference").get("score").asDouble() - probe.get("score").asDouble(), d.get("mean").asDouble(), 1e-6);
      assertTrue(d.get("lo").asDouble() <= d.get("mean").asDouble() && d.get("mean").asDouble() <= d.get("hi").asDouble(), d.toString());
      b.get("categories").forEach(c -> assertInUnit(c.get("probes").get(p).get("score").asDouble()));
    }
    assertTrue(Files.readString(out.resolve("summary.md")).contains("| blank | all | " + questions + " |"));

    // the blank answers are the model's on grey frames: regenerate one video's both ways, in the run record's style
    List<Row> videoRows = spark.read().parquet(out.resolve("curated/frames").toString()).filter("data_type = 'video'")
        .collectAsList();
    EvalConfig cfg = config(data, model, out, "shuffled,blank");
    int moved = 0;
    try (VisionLanguageModel vlm = VisionLanguageModel.load(model, VisionLanguageModel.LoadOptions.cpu())) {
      for (Row video : videoRows) {
        String ordered = generate(vlm, video, FrameProbe.ORDERED, cfg);
        String blank = generate(vlm, video, FrameProbe.BLANK, cfg);
        moved += ordered.equals(blank) ? 0 : 1;
        String key = video.<String>getAs("row_key");
        assertEquals(ordered, byKey.get(key + "|ordered").getAs("output"));
        assertEquals(blank, byKey.get(key + "|blank").getAs("output"));
      }
    }
    assertTrue(moved > 0, "this model's answer moves with the frames for some video");
    assertFalse(table.stream().allMatch(r -> r.getAs("probe").equals("ordered") || r.getAs("output").equals(
        byKey.get(r.getAs("row_key") + "|ordered").getAs("output"))), "some probe answer differs from the ordered one");

    EvalJob.Result added = EvalJob.run(spark, config(data, model, out, "shuffled,reversed,blank"), null);
    assertEquals(videos, added.answeredNow(), "only the reversed probe's answers are new");
    assertEquals(first.summary().reference(), added.summary().reference());
    EvalJob.Result again = EvalJob.run(spark, config(data, model, out, "shuffled,reversed,blank"), null);
    assertEquals(0, again.answeredNow());
    assertEquals(questions + 3L * videos, again.answeredBefore());
    assertEquals(b.get("probes").get("blank"),
        JSON.readTree(out.resolve("summary.json").toFile()).get("benchmarks").get(0).get("probes").get("blank"),
        "the same answers give the same seeded intervals");
  }

  private static String generate(VisionLanguageModel vlm, Row r, FrameProbe p, EvalConfig cfg) {
    Question q = Question.of(r);
    long id = r.<Long>getAs("problem_id");
    List<byte[]> stored = r.getList(r.fieldIndex("frames"));
    byte[][] frames = p.apply(stored.toArray(new byte[0][]), cfg.seed(), id);
    var in = Prompts.rl(vlm, new PromptInput(q, frames, r.getAs("resized_height"), r.getAs("resized_width"),
        r.<Double>getAs("sample_fps")), PromptStyle.SHORT.userText(q));
    return vlm.generate(in, 1, cfg.sampling(), new Generator.SeedIds(cfg.seed(), 0, id)).get(0).text();
  }

  private static void assertInUnit(double v) {
    assertTrue(v >= 0 && v <= 1, "score " + v);
  }
}
