package io.videor1.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.prompt.PromptStyle;
import io.videor1.prompt.Question;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The prompt wording an evaluation answers with, and where that choice came from.
 *
 * <p>A model answers best in the wording it was trained on: the tiny presets train on {@link PromptStyle#SHORT}, and
 * the same model asked with the ~450-character reference instructions answers something else. Training records its
 * style in {@code run.json} ({@code config.spec.promptStyle}): {@code RUN/run.json} beside {@code RUN/model}, and
 * {@code step-N/run.json} beside {@code step-N/model}. Without a record (a downloaded checkpoint) the reference's
 * evaluation prompt is used, as Video-R1's {@code eval_bench.py} does.
 *
 * @param style the wording
 * @param from what decided it, for the log and summary.json
 */
public record EvalPrompt(PromptStyle style, String from) implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Resolves {@code eval.prompt_style}.
   *
   * @param setting auto, video_r1, short or short_question_last
   * @param modelDir the evaluated model directory
   */
  public static EvalPrompt resolve(String setting, String modelDir, Configuration conf) throws IOException {
    if (!setting.equals("auto")) {
      return new EvalPrompt(PromptStyle.parse(setting, "eval.prompt_style"), "eval.prompt_style");
    }
    Path model = new Path(modelDir);
    FileSystem fs = model.getFileSystem(conf);
    Path parent = model.getParent();
    for (Path record : parent == null ? List.of(new Path(model, "run.json"))
        : List.of(new Path(model, "run.json"), new Path(parent, "run.json"))) {
      if (fs.isFile(record)) {
        JsonNode style;
        try (var in = fs.open(record)) {
          style = JSON.readTree(in).path("config").path("spec").path("promptStyle");
        }
        if (style.isTextual()) {
          return new EvalPrompt(PromptStyle.parse(style.asText(), record + " config.spec.promptStyle"),
              "run record " + record);
        }
        // a run record of another job (curate, eval) says nothing about prompts; keep looking
      }
    }
    return new EvalPrompt(PromptStyle.VIDEO_R1, "no run record beside the model: the reference's evaluation prompt");
  }

  /** The user text of a question ({@link PromptStyle#evalText}: the reference's evaluation wording for video_r1). */
  public String userText(Question q) {
    return style.evalText(q);
  }

  /** The lower-case name, as the configuration writes it. */
  public String key() {
    return style.name().toLowerCase(Locale.ROOT);
  }
}
