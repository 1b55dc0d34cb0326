package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videor1 report} on two real runs (T-GRPO beside GRPO), opened in headless Chromium as a reader would: the page
 * must be self-contained, its screenshot must show charts (not a blank page), and the browser must have decoded every
 * inlined image (the page's own load handler counts them). A copy with one image corrupted proves that check can fail.
 */
class ReportE2EIT {
  private static final Pattern IMG = Pattern.compile("<img[^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
  /** What the page's own load handler records: the images the browser decoded, of all on the page. */
  private static final Pattern LOADED =
      Pattern.compile("data-images-loaded=\"(\\d+)\"[^>]*data-images-total=\"(\\d+)\"");

  @TempDir static Path dir;
  /** The three report commands the tests read, started together (separate JVMs, separate outputs) before them. */
  static Future<LauncherE2EIT.Run> comparison;
  static Future<LauncherE2EIT.Run> oneRun;
  static Future<LauncherE2EIT.Run> missingRun;

  @BeforeAll
  static void reports() {
    SmallRuns runs = SmallRuns.get();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    comparison = pool.submit(() -> LauncherE2EIT.videor1(dir, "report", "--run", runs.tgrpo().toString(),
        "--compare", runs.grpo().toString(), "--out", dir.resolve("report.html").toString()));
    oneRun = pool.submit(() -> LauncherE2EIT.videor1(dir, "report", "--run", runs.grpo().toString(), "--out",
        dir.resolve("one/report.html").toString()));
    missingRun = pool.submit(() -> LauncherE2EIT.videor1(dir, "report", "--run", dir.resolve("nothing").toString(),
        "--out", dir.resolve("x.html").toString()));
    pool.shutdown();
  }

  @Test
  void comparisonReportRendersItsChartsInChromium() throws Exception {
    Path html = dir.resolve("report.html");
    LauncherE2EIT.Run r = LauncherE2EIT.await(comparison);
    assertEquals(0, r.exit(), r.output());
    Matcher line = Pattern.compile("report: \\S+ \\(tgrpo vs grpo, (\\d+) charts\\)").matcher(r.output());
    assertTrue(line.find(), r.output());
    int charts = Integer.parseInt(line.group(1));

    String page = Files.readString(html, StandardCharsets.UTF_8);
    List<String> images = new ArrayList<>();
    for (Matcher m = IMG.matcher(page); m.find(); ) {
      images.add(m.group(1));
    }
    assertEquals(charts, images.size(), "one inlined PNG per chart");
    assertTrue(charts >= 10, "reward, histogram, win-rate, type, length, KL and step-time charts: " + charts);
    for (String b64 : images) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
      assertNotNull(img, "an inlined image is a PNG");
      assertTrue(img.getWidth() >= 200 && img.getHeight() >= 150);
    }
    // Self-contained: nothing is fetched at view time.
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "no network reference");
    assertFalse(page.contains("<script src") || page.contains("<link"), "no external script or style sheet");
    for (String section : List.of("Rewards over steps", "Temporal win rate", "Accuracy by problem type",
        "Completion lengths", "KL divergence", "Step time by stage", "Configuration")) {
      assertTrue(page.contains(section), "section " + section);
    }
    assertTrue(page.contains("train.temporal") || page.contains("rl.temporal"), "the resolved configuration");

    assertEquals(charts + " of " + charts, decodedImages(dir, page, "probe.html"));
    // The same check on a copy whose first image holds bytes that are not a PNG must see the broken image.
    String notAnImage = Base64.getEncoder().encodeToString("not an image".getBytes(StandardCharsets.US_ASCII));
    String broken = page.replaceFirst(Pattern.quote(images.get(0)), notAnImage);
    assertEquals((charts - 1) + " of " + charts, decodedImages(dir, broken, "broken.html"));

    Path shot = dir.resolve("report.png");
    chromium(dir, "--window-size=1280,3000", "--screenshot=" + shot, html.toUri().toString());
    BufferedImage png = ImageIO.read(shot.toFile());
    assertNotNull(png, "Chromium wrote a screenshot");
    long inked = 0;
    long coloured = 0;
    for (int y = 0; y < png.getHeight(); y += 2) {
      for (int x = 0; x < png.getWidth(); x += 2) {
        int rgb = png.getRGB(x, y);
        int red = rgb >> 16 & 255;
        int green = rgb >> 8 & 255;
        int blue = rgb & 255;
        if (red + green + blue < 3 * 235) {
          inked++;
        }
        if (Math.max(red, Math.max(green, blue)) - Math.min(red, Math.min(green, blue)) > 80) {
          coloured++;
        }
      }
    }
    long sampled = (long) ((png.getWidth() + 1) / 2) * ((png.getHeight() + 1) / 2);
    assertTrue(inked > sampled / 50, "the page is not blank: " + inked + " of " + sampled + " sampled pixels inked");
    assertTrue(coloured > sampled / 500, "chart series are drawn in colour: " + coloured + " coloured pixels");
  }

  @Test
  void oneRunReportNeedsNoComparison() throws Exception {
    Path html = dir.resolve("one/report.html");
    LauncherE2EIT.Run r = LauncherE2EIT.await(oneRun);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("(grpo, "), r.output());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    int images = 0;
    for (Matcher m = IMG.matcher(page); m.find(); ) {
      images++;
    }
    assertEquals(images + " of " + images, decodedImages(dir, page, "one-probe.html"));

    LauncherE2EIT.Run missing = LauncherE2EIT.await(missingRun);
    assertTrue(missing.exit() != 0, missing.output());
    assertTrue(missing.output().contains(dir.resolve("nothing").toString()), "names the run: " + missing.output());
    assertFalse(Files.exists(dir.resolve("x.html")));
  }

  /** "N of M": images Chromium decoded after loading {@code page}, of those on it. */
  private static String decodedImages(Path dir, String page, String name) throws Exception {
    Path probe = dir.resolve(name);
    Files.writeString(probe, page, StandardCharsets.UTF_8);
    String dom = chromium(dir, "--virtual-time-budget=10000", "--dump-dom", probe.toUri().toString());
    Matcher m = LOADED.matcher(dom);
    assertTrue(m.find(), "the probe ran: " + dom.substring(0, Math.min(300, dom.length())));
    return m.group(1) + " of " + m.group(2);
  }

  /** Runs headless Chromium (Debian's package, installed by tools/ci/debian-packages.sh) and returns its stdout. */
  static String chromium(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(browser(), "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--user-data-dir=" + dir.resolve("chromium-profile")));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium-", ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("chromium timed out: " + cmd);
    }
    assertEquals(0, p.exitValue(), "chromium " + cmd);
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String browser() {
    for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(b))) {
        return b;
      }
    }
    throw new AssertionError("no Chromium: tools/ci/debian-packages.sh installs Debian's chromium package");
  }
}
