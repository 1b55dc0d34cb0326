package io.videor1.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart and returned as PNG bytes. One look for all of them: white background, the
 * same colour for the same run in every chart, legend inside the plot's top right, per-step curves smoothed over
 * their faint raw values.
 */
final class Charts {
  static {
    // Charts are drawn off-screen; without this a JVM on a machine with a DISPLAY would try to open it.
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Each run's colour, in the order the runs are given (at most {@link ReportConfig#MAX_RUNS}): the first two are the
   * two-run report's blue and red, the rest Tableau 10's other colours.
   */
  static final Color[] RUNS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
      new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
      new Color(0x17becf)};
  /** Colours of series within one run (reward components, timing stages). */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};
  private static final int MARKERS_UP_TO = 40; // points per series; beyond that markers hide the line

  /** One line of a line chart. */
  record Line(String name, double[] x, double[] y, Color colour) {}

  /** Opacity of the raw values drawn behind a smoothed curve: visible as a band, never mistaken for the curve. */
  private static final int RAW_ALPHA = 70;

  private final int width;
  private final int height;
  private final double smoothing;

  /** Charts of this size whose per-step curves are smoothed with weight {@code smoothing} (0: raw values). */
  Charts(int width, int height, double smoothing) {
    this.width = width;
    this.height = height;
    this.smoothing = smoothing;
  }

  /** The smoothing weight of per-step curves (0: raw). */
  double smoothing() {
    return smoothing;
  }

  /** Lines over steps; {@code yRange} (nullable) fixes the y axis so charts shown side by side compare. */
  byte[] lines(String title, String yTitle, List<Line> lines, double[] yRange) throws IOException {
    return png(lineChart(title, yTitle, lines, yRange));
  }

  /**
   * The chart {@link #lines} draws. With smoothing, each line is its exponential moving average ({@link Smoothing},
   * in the legend under the line's name) over its raw values (faint, named "NAME (raw)", not in the legend), as
   * TensorBoard shows scalars; the y range still holds every raw value.
   */
  XYChart lineChart(String title, String yTitle, List<Line> lines, double[] yRange) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("step").yAxisTitle(yTitle)
        .build();
    style(c.getStyler());
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setXAxisDecimalPattern("#");
    if (yRange != null) {
      c.getStyler().setYAxisMin(yRange[0]);
      c.getStyler().setYAxisMax(yRange[1]);
    }
    boolean smooth = smoothing > 0;
    for (Line l : lines) { // raw values first, so every smoothed curve is drawn over them
      Color raw = smooth ? new Color(l.colour().getRed(), l.colour().getGreen(), l.colour().getBlue(), RAW_ALPHA)
          : l.colour();
      XYSeries s = c.addSeries(smooth ? l.name() + " (raw)" : l.name(), l.x(), l.y());
      s.setLineColor(raw);
      s.setMarkerColor(raw);
      s.setMarker(l.x().length <= MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      if (smooth) {
        s.setShowInLegend(false);
        s.setLineWidth(1.2f);
      }
    }
    if (smooth) {
      for (Line l : lines) {
        XYSeries s = c.addSeries(l.name(), l.x(), Smoothing.ema(l.y(), smoothing));
        s.setLineColor(l.colour());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(2.2f);
      }
    }
    return c;
  }

  /**
   * Bars per category, one series each, side by side or {@code stacked}; {@code yMax} (NaN for automatic) fixes the
   * axis so charts shown side by side compare.
   */
  byte[] bars(String title, String yTitle, List<String> categories, Map<String, double[]> series, Color[] colours,
      boolean stacked, double yMax) throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setStacked(stacked);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisMaxLabelCount(24);
    c.getStyler().setYAxisMin(0.0);
    if (!Double.isNaN(yMax)) {
      c.getStyler().setYAxisMax(yMax);
    }
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      List<Double> ys = new ArrayList<>();
      for (double v : e.getValue()) {
        ys.add(v);
      }
      c.addSeries(e.getKey(), categories, ys).setFillColor(colours[i++ % colours.length]);
    }
    return png(c);
  }

  /** Overlapping histograms (shares of rows) with the same bins, e.g. early and late steps, or two runs. */
  byte[] histogram(String title, String xTitle, List<Histogram> hists, List<String> names, Color[] colours)
      throws IOException {
    CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle("share of responses").build();
    style(c.getStyler());
    c.getStyler().setOverlapped(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setXAxisMaxLabelCount(11);
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setYAxisMin(0.0);
    Histogram first = hists.get(0);
    List<String> centres = new ArrayList<>();
    for (int b = 0; b < first.counts().length; b++) {
      centres.add(format(first.centre(b), first.width()));
    }
    for (int h = 0; h < hists.size(); h++) {
      List<Double> ys = new ArrayList<>();
      for (double v : hists.get(h).shares()) {
        ys.add(v);
      }
      Color col = colours[h % colours.length];
      c.addSeries(names.get(h), centres, ys).setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 150));
    }
    return png(c);
  }

  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendBorderColor(new Color(0xcccccc));
    s.setMarkerSize(5);
    s.setAntiAlias(true);
    s.setLocale(Locale.ROOT);
  }

  /** A bin centre with as many decimals as the bin width needs. */
  private static String format(double v, double width) {
    int decimals = width >= 1 ? 0 : Math.min(4, (int) Math.ceil(-Math.log10(width)) + 1);
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static byte[] png(Chart<?, ?> c) throws IOException {
    return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
  }
}
