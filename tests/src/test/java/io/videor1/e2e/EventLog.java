package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** What Spark's own event log says about an application's tasks. */
final class EventLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** End reasons of a task that was cut by the loss of its executor, or whose output went with it. */
  private static final Set<String> LOST = Set.of("ExecutorLostFailure", "FetchFailed", "Resubmitted");

  private EventLog() {}

  /** One task attempt's end. */
  record TaskEnd(int stage, int stageAttempt, int index, String executor, String reason) {}

  /**
   * The task ends of the one application logged under {@code dir}, and the executors it lost.
   *
   * @param ends every task end, in log order
   * @param removed the executors removed while the application ran
   */
  record Tasks(List<TaskEnd> ends, Set<String> removed) {
    /** Task attempts that ended because an executor was lost. */
    long lost() {
      return ends.stream().filter(e -> LOST.contains(e.reason())).count();
    }

    /**
     * Every task that ran more than once had lost its earlier attempts with the executor (cut, or its finished
     * output gone), and every task whose attempts ran on surviving executors ran exactly once.
     */
    void assertOnlyLostTasksRanAgain() {
      Map<String, List<TaskEnd>> byTask = new LinkedHashMap<>();
      for (TaskEnd e : ends) {
        byTask.computeIfAbsent(e.stage() + "/" + e.index(), k -> new ArrayList<>()).add(e);
      }
      for (Map.Entry<String, List<TaskEnd>> t : byTask.entrySet()) {
        List<TaskEnd> attempts = t.getValue();
        TaskEnd last = attempts.get(attempts.size() - 1);
        assertEquals("Success", last.reason(), "task " + t.getKey() + " finished: " + attempts);
        for (TaskEnd earlier : attempts.subList(0, attempts.size() - 1)) {
          assertTrue(LOST.contains(earlier.reason()) || removed.contains(earlier.executor()),
              "task " + t.getKey() + " ran again although it was not lost: " + attempts);
        }
      }
    }
  }

  static Tasks tasks(Path dir) throws IOException {
    List<TaskEnd> ends = new ArrayList<>();
    Set<String> removed = new HashSet<>();
    List<Path> logs;
    try (Stream<Path> s = Files.list(dir)) {
      logs = s.filter(Files::isRegularFile).toList();
    }
    assertEquals(1, logs.size(), "one application's event log: " + logs);
    for (String line : Files.readAllLines(logs.get(0))) {
      JsonNode e = JSON.readTree(line);
      switch (e.path("Event").asText()) {
        case "SparkListenerTaskEnd" -> ends.add(new TaskEnd(e.path("Stage ID").asInt(),
            e.path("Stage Attempt ID").asInt(), e.path("Task Info").path("Index").asInt(),
            e.path("Task Info").path("Executor ID").asText(), e.path("Task End Reason").path("Reason").asText()));
        case "SparkListenerExecutorRemoved" -> removed.add(e.path("Executor ID").asText());
        default -> { }
      }
    }
    return new Tasks(ends, removed);
  }
}
