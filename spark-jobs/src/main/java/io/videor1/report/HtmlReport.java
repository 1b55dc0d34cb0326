package io.videor1.report;

import io.videor1.text.Utf8;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The report as one HTML page that needs nothing else: charts are inlined as base64 PNG, the style sheet and the one
 * script are inline, so the file can be mailed, attached to a ticket or opened offline.
 *
 * <p>The script only counts, after load, the images that decoded ({@code naturalWidth > 0}) into
 * {@code body[data-images-loaded]} (and all images into {@code data-images-total}), so a headless browser can check
 * that every chart really renders.
 */
final class HtmlReport {
  private static final String STYLE = """
      body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fff}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 4px;border-bottom:1px solid #ddd}
      p.meta,p.note{color:#555;font-size:13px;margin:4px 0 10px}p.missing{color:#a00;font-size:13px}
      nav a{margin-right:12px;font-size:13px}
      .figs{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}img{max-width:100%;height:auto;border:1px solid #eee}
      table{border-collapse:collapse;font-size:12px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;
      text-align:left;vertical-align:top}th{background:#f4f4f4}table.num td+td{text-align:right}
      table.config td{font-family:'DejaVu Sans Mono',monospace;word-break:break-all;max-width:520px}
      tr.diff td{background:#fff3cd}
      """;
  private static final String SCRIPT = """
      window.addEventListener('load', function () {
        var imgs = document.getElementsByTagName('img'), n = 0;
        for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) { n++; } }
        document.body.dataset.imagesLoaded = String(n);
        document.body.dataset.imagesTotal = String(imgs.length);
      });
      """;

  private HtmlReport() {}

  /** The page: a title naming the runs, a sentence on how curves are drawn, a table of contents, the sections. */
  static String render(List<String> labels, List<Section> sections, int width, int height, String curves) {
    String title = "videor1 report: " + String.join(" vs ", labels);
    StringBuilder b = new StringBuilder(1 << 20);
    b.append("<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>").append(esc(title))
        .append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n<h1>").append(esc(title))
        .append("</h1>\n<p class=meta>Written by <code>videor1 report</code> at ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". ").append(esc(curves)).append("</p>\n<nav>")
        .append(sections.stream().map(s -> "<a href=\"#" + s.id() + "\">" + esc(s.title()) + "</a>")
            .collect(Collectors.joining()))
        .append("</nav>\n");
    for (Section s : sections) {
      b.append("<section id=\"").append(s.id()).append("\"><h2>").append(esc(s.title())).append("</h2><p class=note>")
          .append(esc(s.note())).append("</p>\n");
      if (!s.figures().isEmpty()) {
        b.append("<div class=figs>");
        for (Section.Figure f : s.figures()) {
          b.append("<figure><img alt=\"").append(esc(f.alt())).append("\" width=").append(width).append(" height=")
              .append(height).append(" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(f.png())).append("\"></figure>\n");
        }
        b.append("</div>");
      }
      b.append(s.html()).append("</section>\n");
    }
    return b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n").toString();
  }

  /**
   * Text as HTML (element content and quoted attribute values). NUL and the other C0 controls but tab and line
   * breaks are parse errors in HTML and lone surrogates cannot be encoded: they become U+FFFD.
   */
  static String esc(String text) {
    String s = Utf8.scrub(text);
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\t', '\n', '\r' -> b.append(c);
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 || c == 0x7F ? Utf8.REPLACEMENT : c);
      }
    }
    return b.toString();
  }
}
