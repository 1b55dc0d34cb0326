package io.videor1.report;

import java.util.List;

/**
 * One section of the report: a heading, a sentence on what is shown, charts, and optional HTML under them.
 *
 * @param id the anchor ({@code <section id=...>}), stable for tests and links
 * @param title the heading
 * @param note plain text under the heading
 * @param figures the charts, shown side by side when there is room
 * @param html extra markup under the charts (a table), already escaped; "" for none
 */
record Section(String id, String title, String note, List<Figure> figures, String html) {
  /** A chart: PNG bytes and the alternative text that says what it shows. */
  record Figure(String alt, byte[] png) {}

  Section {
    figures = List.copyOf(figures);
  }
}
