package io.videor1.app;

import io.videor1.inspect.CheckpointInspector;
import io.videor1.inspect.InspectFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 inspect}: what a checkpoint holds and whether it loads here, without loading its weights. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a checkpoint folder (any Hadoop path) as untrusted data and print its architecture, parameters by",
      "module, dtypes, tied head, shards, vocabulary and special tokens, chat template, preprocessor settings, LoRA",
      "adapter and whether it loads here. Exit 0 when it loads, 2 with one line naming the file, tensor or field and",
      "the problem when it is malformed, 1 when it is valid but too large for this machine. Defaults: conf/inspect.conf."
    })
public final class InspectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", description = "Checkpoint folder.")
  String model;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--set", description = "Override a configuration key: --set inspect.json=true (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    InspectConfig cfg = JobLauncher.overrides().put("inspect.model", model).flag("inspect.json", json).sets(sets)
        .load("inspect", InspectConfig::from);
    CheckpointInspector.Report r = CheckpointInspector.inspect(cfg.model(), new Configuration());
    spec.commandLine().getOut().print(cfg.json() ? InspectFormat.json(r) : InspectFormat.text(r));
    spec.commandLine().getOut().flush();
    return r.loads() ? 0 : 1;
  }
}
