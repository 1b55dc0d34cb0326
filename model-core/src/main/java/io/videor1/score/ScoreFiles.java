package io.videor1.score;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.EvalScorer;
import io.videor1.reward.FormatReward;
import io.videor1.reward.ProblemType;
import io.videor1.reward.RewardOptions;
import io.videor1.text.Utf8;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The batch scorer behind {@code videor1 score}: scores model outputs written by any model with the training accuracy
 * and format rewards and the evaluation-time score, and summarises them.
 *
 * <p>Input: JSON Lines, or one JSON array (the first non-blank character decides), of records with
 * {@code problem_type}, {@code solution} (e.g. {@code <answer>B</answer>}), {@code output} (the raw model output) and,
 * optionally, {@code options} and {@code problem_id}; other fields are carried through. This is the layout of
 * Video-R1's evaluation files and of {@code eval_bench.py}'s outputs.
 *
 * <p>Output, in {@code outDir}: {@code scores.jsonl}, each input row plus {@code accuracy}, {@code format} and
 * {@code eval_score}; and {@code summary.json} ({@link ScoreSummary#toJson()}). The summary is also printed.
 *
 * <p>A malformed row (not JSON, not an object, a missing or non-string {@code problem_type}, {@code solution} or
 * {@code output}, or a {@code problem_type} that is not one of the five exact strings) is reported as
 * "line N: reason" on standard error and in the summary's {@code errors}, and scored 0 in every score; it counts in
 * the overall and {@code mean_acc} figures like any other zero; a known-shaped row whose {@code problem_type} is unknown
 * still gets its {@code format} reward, which does not depend on the type. In a JSON array, the line is where the
 * record starts.
 *
 * <p>Malformed text never stops the run: bytes that are not UTF-8 and lone UTF-16 surrogates (JSON {@code "\ud800"})
 * become U+FFFD, the row is scored on the repaired text and carries {@code "text_repaired": true}, and the summary
 * counts such rows ({@code repaired_count}). A record nested deeper than {@value JsonText#MAX_DEPTH} levels is
 * reported as malformed.
 *
 * <p>VSI-Bench: with benchmark {@code "auto"} (or null) the file is treated as VSI-Bench when its file name contains
 * "vsi" or any record's {@code data_source} or {@code benchmark} field does (case-insensitive); any other benchmark
 * name is VSI-Bench exactly when it contains "vsi". VSI-Bench's number is then (mean_acc + mean_mra) / 2 (the
 * reference, #121) or, with {@link RewardOptions.VsiAggregation#PER_TASK_MEAN}, the mean over tasks, a record's task
 * being its {@code question_type}, {@code original_question_type} or {@code task} field, else its problem type.
 */
public final class ScoreFiles {
  /** At most this many error messages are kept in the summary (all are counted). */
  public static final int MAX_ERRORS = 1000;

  private static final int MAX_ERRORS_PRINTED = 50;
  private static final int MAX_RAW_CHARS = 2000;

  private ScoreFiles() {}

  /** {@link #run(Path, Path, RewardOptions, String, PrintStream)} with benchmark {@code "auto"}. */
  public static ScoreSummary run(Path in, Path outDir, RewardOptions opts, PrintStream out) throws IOException {
    return run(in, outDir, opts, "auto", out);
  }

  /**
   * Scores {@code in} into {@code outDir} (created if needed) and prints the summary to {@code out}.
   *
   * @param benchmark "auto" (or null) to detect VSI-Bench, or a benchmark name (see the class comment)
   * @throws IOException when the input cannot be read or the outputs cannot be written (never for malformed rows)
   */
  public static ScoreSummary run(Path in, Path outDir, RewardOptions opts, String benchmark, PrintStream out)
      throws IOException {
    Files.createDirectories(outDir);
    Path scores = outDir.resolve("scores.jsonl");
    Path summaryFile = outDir.resolve("summary.json");
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    ScoreTally tally = new ScoreTally();
    try (Writer w = new BufferedWriter(Utf8.writer(scores))) {
      RecordReader.read(in, entry -> {
        JsonObject row = scoreEntry(entry, opts, tally);
        try {
          w.write(gson.toJson(row));
          w.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    boolean auto = benchmark == null || benchmark.equalsIgnoreCase("auto");
    String fileName = in.getFileName() == null ? "" : in.getFileName().toString();
    boolean vsi = auto
        ? tally.sawVsiRecord() || fileName.toLowerCase(Locale.ROOT).contains("vsi")
        : benchmark.toLowerCase(Locale.ROOT).contains("vsi");
    String name = auto ? (vsi ? "vsibench" : "generic") : benchmark;
    ScoreSummary summary = tally.summary(in.toString(), name, vsi, opts.vsiAggregation());
    Utf8.write(summaryFile,
        new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(summary.toJson()) + "\n");
    SummaryPrinter.print(summary, scores, summaryFile, out);
    return summary;
  }

  private static JsonObject scoreEntry(RecordReader.Entry entry, RewardOptions opts, ScoreTally tally) {
    boolean deep = entry.error() == null && JsonText.tooDeep(entry.element());
    if (entry.error() != null || deep || !entry.element().isJsonObject()) {
      String why = entry.error() != null ? entry.error()
          : deep ? "record nests deeper than " + JsonText.MAX_DEPTH + " levels"
          : "record is not a JSON object";
      report(tally, entry.line(), why);
      tally.add("(invalid)", null, null, 0, 0, 0);
      JsonObject row = new JsonObject();
      row.addProperty("line", entry.line());
      row.addProperty("error", why);
      String raw = entry.raw() != null ? entry.raw() : entry.element() != null && !deep ? entry.element().toString()
          : null;
      if (raw != null) {
        row.addProperty("raw", Utf8.scrub(raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS)));
      }
      addScores(row, 0, 0, 0);
      flagRepaired(row, entry.badBytes(), tally);
      return row;
    }
    JsonObject row = entry.element().getAsJsonObject().deepCopy();
    flagRepaired(row, JsonText.scrub(row) || entry.badBytes(), tally);
    String typeName = string(row, "problem_type");
    String solution = string(row, "solution");
    String output = string(row, "output");
    Optional<ProblemType> type = ProblemType.fromWireName(typeName);
    String error = typeName == null ? "missing or non-string field 'problem_type'"
        : solution == null ? "missing or non-string field 'solution'"
        : output == null ? "missing or non-string field 'output'"
        : type.isEmpty() ? "unknown problem_type '" + typeName + "'"
        : null;
    String typeKey = typeName == null ? "(invalid)" : typeName;
    tally.noteVsiHint(mentionsVsi(row, "data_source") || mentionsVsi(row, "benchmark"));
    if (error != null) {
      report(tally, entry.line(), error);
      row.addProperty("error", error);
      // The reference's format reward reads only the output, so an unknown type still gets it; accuracy needs the type.
      double format = output != null && typeName != null && solution != null ? FormatReward.score(output) : 0;
      tally.add(typeKey, null, task(row, typeKey), 0, format, 0);
      addScores(row, 0, format, 0);
      return row;
    }
    List<String> options = stringList(row, "options");
    double accuracy = AccuracyReward.score(type.get(), output, solution, options, opts);
    double format = FormatReward.score(output);
    double eval = EvalScorer.score(type.get(), output, solution, options, opts);
    tally.add(typeKey, type.get(), task(row, typeKey), accuracy, format, eval);
    addScores(row, accuracy, format, eval);
    return row;
  }

  private static void report(ScoreTally tally, long line, String why) {
    String message = "line " + line + ": " + why;
    long n = tally.addError(message, MAX_ERRORS);
    if (n <= MAX_ERRORS_PRINTED) {
      System.err.println(message);
    } else if (n == MAX_ERRORS_PRINTED + 1) {
      System.err.println("(further errors are counted in summary.json)");
    }
  }

  /**
   * Marks a row whose text was repaired (bytes that were not UTF-8, or lone surrogates, now U+FFFD): its scores are
   * those of the repaired text, which may differ from what the producer meant.
   */
  private static void flagRepaired(JsonObject row, boolean repaired, ScoreTally tally) {
    if (repaired) {
      row.addProperty("text_repaired", true);
      tally.addRepaired();
    }
  }

  private static void addScores(JsonObject row, double accuracy, double format, double eval) {
    row.addProperty("accuracy", accuracy);
    row.addProperty("format", format);
    row.addProperty("eval_score", eval);
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
  }

  private static List<String> stringList(JsonObject o, String field) {
    List<String> out = new ArrayList<>();
    JsonElement e = o.get(field);
    if (e != null && e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) {
        if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isString()) {
          out.add(x.getAsString());
        }
      }
    }
    return out;
  }

  private static boolean mentionsVsi(JsonObject o, String field) {
    String v = string(o, field);
    return v != null && v.toLowerCase(Locale.ROOT).contains("vsi");
  }

  private static String task(JsonObject o, String fallback) {
    for (String field : new String[] {"question_type", "original_question_type", "task"}) {
      String v = string(o, field);
      if (v != null) {
        return v;
      }
    }
    return fallback;
  }
}
