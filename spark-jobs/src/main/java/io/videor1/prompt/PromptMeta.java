package io.videor1.prompt;

import io.videor1.reward.ProblemType;
import java.io.Serializable;
import java.util.List;

/**
 * One curated record as the driver knows it: its question, everything else but the pixels, and where its frames are
 * stored. Built with {@link #builder()}: the row key, problem id, question and frame size are required, the rest
 * optional.
 *
 * @param index the record's position in the run's prompt list (sorted by problem id, then row key)
 * @param rowKey the curation table's row key
 * @param file the Parquet file holding its frames
 * @param problemId the manifest's problem id (or the index when absent)
 * @param solution the reference answer ({@code <answer>…</answer>}), or null
 * @param process the chain of thought of a CoT record ({@code <think>…</think>}), or null
 * @param temporal the synthetic dataset's "order decides the answer" flag, or null when the record has none
 * @param height frame height in pixels (a multiple of 28)
 * @param width frame width in pixels
 */
public record PromptMeta(int index, String rowKey, String file, long problemId, Question question, String solution,
    String dataSource, String process, Boolean temporal, int height, int width) implements Serializable {

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this record's values. */
  public Builder toBuilder() {
    return new Builder().optIndex(index).setRowKey(rowKey).optFile(file).setProblemId(problemId).setQuestion(question)
        .optSolution(solution).optDataSource(dataSource).optProcess(process).optTemporal(temporal)
        .setSize(height, width);
  }

  public String problem() {
    return question.problem();
  }

  public String problemType() {
    return question.problemType();
  }

  public List<String> options() {
    return question.options();
  }

  public String dataType() {
    return question.dataType();
  }

  /** The problem type. */
  public ProblemType type() {
    return question.type();
  }

  /** Whether the media is a video. */
  public boolean video() {
    return question.video();
  }

  /** The id used in seeds, ledger rows and group ids. */
  public String promptId() {
    return Long.toString(problemId);
  }

  /** This record's question with {@code frames}, the prompt declaring {@code fps} for a video. */
  public PromptInput input(byte[][] frames, double fps) {
    return new PromptInput(question, frames, height, width, fps);
  }

  /** A copy with another chain of thought and solution (from a CoT file). */
  public PromptMeta withCot(String newProcess, String newSolution) {
    return toBuilder().optProcess(newProcess).optSolution(newSolution).build();
  }

  /** A copy at another position. */
  public PromptMeta withIndex(int i) {
    return toBuilder().optIndex(i).build();
  }

  /** Builds a {@link PromptMeta}: {@code setX} for the required values, {@code optX} for the optional ones. */
  public static final class Builder {
    private int index;
    private String rowKey;
    private String file = "";
    private Long problemId;
    private Question question;
    private String solution;
    private String dataSource;
    private String process;
    private Boolean temporal;
    private int height = -1;
    private int width = -1;

    private Builder() {}

    public Builder setRowKey(String v) {
      rowKey = v;
      return this;
    }

    public Builder setProblemId(long v) {
      problemId = v;
      return this;
    }

    public Builder setQuestion(Question v) {
      question = v;
      return this;
    }

    /** The stored frames' size in pixels. */
    public Builder setSize(int h, int w) {
      height = h;
      width = w;
      return this;
    }

    /** The position in the run's prompt list (default 0). */
    public Builder optIndex(int v) {
      index = v;
      return this;
    }

    /** The Parquet file holding the frames (default "", for a record whose frames come with it). */
    public Builder optFile(String v) {
      file = v;
      return this;
    }

    public Builder optSolution(String v) {
      solution = v;
      return this;
    }

    public Builder optDataSource(String v) {
      dataSource = v;
      return this;
    }

    public Builder optProcess(String v) {
      process = v;
      return this;
    }

    public Builder optTemporal(Boolean v) {
      temporal = v;
      return this;
    }

    /** The record; fails naming the first required value not set. */
    public PromptMeta build() {
      String missing = rowKey == null ? "rowKey" : problemId == null ? "problemId" : question == null ? "question"
          : height < 0 || width < 0 ? "size" : null;
      if (missing != null) {
        throw new IllegalStateException("PromptMeta of row " + rowKey + ": " + missing + " is not set");
      }
      return new PromptMeta(index, rowKey, file, problemId, question, solution, dataSource, process, temporal, height,
          width);
    }
  }
}
