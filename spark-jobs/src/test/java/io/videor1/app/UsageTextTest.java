package io.videor1.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders as written. picocli reads each description line as a format string, so a
 * bare "95% t" or "60%, 80%" makes it warn on stderr and print the raw line, "%n" and all; such a percent is written
 * "%%".
 */
class UsageTextTest {
  @Test
  void everyCommandsHelpFormatsWithoutAWarning() {
    List<String> warned = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    visit(new CommandLine(new VideoR1()), warned, seen);
    assertTrue(seen.size() > 20, "commands seen: " + seen);
    assertTrue(seen.contains("videor1 bench temporal-step"), "commands seen: " + seen);
    assertEquals(List.of(), warned);
  }

  private static void visit(CommandLine cmd, List<String> warned, List<String> seen) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String usage;
    try {
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      usage = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
    } finally {
      System.setErr(err);
    }
    String name = cmd.getCommandSpec().qualifiedName();
    seen.add(name);
    String stderr = buf.toString(StandardCharsets.UTF_8);
    if (stderr.contains("Could not format") || usage.contains("%n")) {
      warned.add(name + ": " + stderr.strip());
    }
    cmd.getSubcommands().values().forEach(sub -> visit(sub, warned, seen));
  }
}
