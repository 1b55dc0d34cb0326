package io.videor1.prompt;

import io.videor1.reward.ProblemType;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A question as a model is asked it: the text, its problem type (which picks the answer format), the options of a
 * multiple-choice question and whether the media is a video. Training, evaluation, the MLlib model and the demo all
 * build their prompts from this record.
 *
 * @param problemType the wire name ({@code multiple choice}, {@code numerical}, …); checked by {@link #type()}
 * @param dataType {@code video} or {@code image}
 */
public record Question(String problem, String problemType, List<String> options, String dataType)
    implements Serializable {

  public Question {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** The question of a curated frames row ({@code problem}, {@code problem_type}, {@code options}, {@code data_type}). */
  public static Question of(Row r) {
    return new Question(r.getAs("problem"), r.getAs("problem_type"), r.getList(r.fieldIndex("options")),
        r.getAs("data_type"));
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
}
