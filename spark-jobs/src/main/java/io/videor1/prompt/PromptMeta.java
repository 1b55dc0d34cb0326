package io.videor1.prompt;

import io.videor1.reward.ProblemType;
import java.io.Serializable;
import java.util.List;

/**
 * One curated record as the driver knows it: everything but the pixels, plus where its frames are stored.
 *
 * @param index the record's position in the run's prompt list (sorted by problem id, then row key)
 * @param rowKey the curation table's row key
 * @param file the Parquet file holding its frames
 * @param problemId the manifest's problem id (or the index when absent)
 * @param process the chain of thought of a CoT record ({@code <think>…</think>}), or null
 * @param temporal the synthetic dataset's "order decides the answer" flag, or null when the record has none
 * @param height frame height in pixels (a multiple of 28)
 * @param width frame width in pixels
 */
public record PromptMeta(int index, String rowKey, String file, long problemId, String problem, String problemType,
    List<String> options, String solution, String dataType, String dataSource, String process, Boolean temporal,
    int height, int width) implements Serializable {

  public PromptMeta {
    options = List.copyOf(options);
  }

  /** The problem type. */
  public ProblemType type() {
    return ProblemType.fromWireName(problemType)
        .orElseThrow(() -> new IllegalArgumentException("unknown problem_type '" + problemType + "'"));
  }

  /** Whether the media is a video. */
  public boolean video() {
    return "video".equals(dataType);
  }

  /** The id used in seeds, ledger rows and group ids. */
  public String promptId() {
    return Long.toString(problemId);
  }

  /** A copy with another chain of thought and solution (from a CoT file). */
  public PromptMeta withCot(String newProcess, String newSolution) {
    return new PromptMeta(index, rowKey, file, problemId, problem, problemType, options, newSolution, dataType,
        dataSource, newProcess, temporal, height, width);
  }

  /** A copy at another position. */
  public PromptMeta withIndex(int i) {
    return new PromptMeta(i, rowKey, file, problemId, problem, problemType, options, solution, dataType, dataSource,
        process, temporal, height, width);
  }
}
