package io.videor1.train.run;

import java.io.PrintStream;
import java.util.Locale;

/** The per-step progress line: step of total, the step's headline numbers, seconds per step and the ETA. */
public final class ProgressLine {
  private final String job;
  private final int total;
  private final PrintStream out;
  private double secondsSum;
  private int steps;

  public ProgressLine(String job, int total, PrintStream out) {
    this.job = job;
    this.total = total;
    this.out = out;
  }

  /** Prints step {@code step}'s line; {@code figures} are already formatted ("reward 1.23 acc 0.41"). */
  public void step(int step, String figures, double seconds) {
    secondsSum += seconds;
    steps++;
    double perStep = secondsSum / steps;
    long eta = Math.round(perStep * (total - step));
    out.printf(Locale.ROOT, "%s: step %d/%d %s %.2f s/step ETA %s%n", job, step, total, figures, seconds,
        eta >= 60 ? (eta / 60) + "m" + String.format(Locale.ROOT, "%02d", eta % 60) + "s" : eta + "s");
    out.flush();
  }
}
