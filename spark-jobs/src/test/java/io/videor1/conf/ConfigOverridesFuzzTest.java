package io.videor1.conf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.bench.TemporalBenchConfig;
import io.videor1.curate.CurateConfig;
import io.videor1.demo.DemoConfig;
import io.videor1.eval.EvalConfig;
import io.videor1.fuzz.Fuzzer;
import io.videor1.report.ReportConfig;
import io.videor1.synth.SynthConfig;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.sft.SftConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the {@code --set key=value} overrides of every job: whatever a user types, the job's configuration
 * resolves or a {@link ConfigError} names what is wrong (the command then exits 2); nothing else escapes.
 */
class ConfigOverridesFuzzTest {
  private record Job(String name, Function<com.typesafe.config.Config, ?> from) {}

  private static final Job[] JOBS = {new Job("curate", CurateConfig::from), new Job("train", TGrpoConfig::from),
      new Job("sft", SftConfig::from), new Job("eval", EvalConfig::from), new Job("report", ReportConfig::from),
      new Job("synth", SynthConfig::from), new Job("demo", DemoConfig::from),
      new Job("bench_temporal", TemporalBenchConfig::from)};

  @Test
  void overridesResolveOrNameTheirError() {
    List<byte[]> seeds = new ArrayList<>();
    for (String s : new String[] {"0curate.max_frames=8\ncurate.preset=eval", "1train.steps=3\ntrain.beta=0.02",
        "2sft.lora=true\nsft.lora_r=4", "3eval.frames=32\neval.temperature=0.5", "4report.bins=10",
        "5synth.train=10\nsynth.width=112", "6demo.out=x", "1train.lr=1e400\ntrain.num_generations=-1",
        "7bench_temporal.out=x\nbench_temporal.modes=grpo,key_tokens\nbench_temporal.steps=4"}) {
      seeds.add(s.getBytes(StandardCharsets.UTF_8));
    }
    List<String> dict = List.of("=", "\n", ".", "curate.", "train.", "sft.", "eval.", "bench_temporal.", "preset", "true", "false",
        "1e400", "-1", "0x10", "NaN", "${x}", "\"", "[1,2]", "{a=1}", "9999999999999999999", "tiny", "mid", "", " ");
    Fuzzer.run("hocon-set", seeds, dict, input -> {
      String text = Fuzzer.unescaped(input);
      if (text.isEmpty()) {
        return;
      }
      Job job = JOBS[Math.floorMod(text.charAt(0), JOBS.length)];
      List<String> sets = Arrays.asList(text.substring(1).split("\n", -1));
      try {
        ConfigLoader.load(job.name(), sets, job.from());
      } catch (ConfigError e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the error says what is wrong");
      }
    });
  }
}
