package io.videor1.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.videor1.testing.SharedData;
import io.videor1.testing.TestVideos;
import io.videor1.vision.FrameSampler;
import io.videor1.vision.VisionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real media through real FFmpeg: every shared file gives frames or the right reason; generated files check layout. */
class MediaDecoderTest {
  private static final VisionBudget TRAIN = VisionBudget.train();
  private static final MediaDecoder.Options OPTS = MediaDecoder.Options.defaults();

  /** The broken or degenerate files of testdata/MANIFEST.md and the stage and words their reason must carry. */
  private static final Map<String, String[]> EXPECTED_FAILURES =
      Map.of(
          "Mpeg4.mp4", new String[] {"probe", "no video stream"},
          "metaedit_keyed.mp4", new String[] {"decode", "truncated"},
          "invalid_userdata.mp4", new String[] {"decode", "truncated"},
          "AudioVideoInterleave.avi", new String[] {"decode", "zero decodable frames"},
          "hevc_white_frame.mp4", new String[] {"sample", "1 frame"},
          "tiny_av1.mp4", new String[] {"sample", "1 frame"},
          "bbb_sunflower_QCIF_30fps_mp4v_noaudio_1f.mp4", new String[] {"sample", "1 frame"},
          "bbb_sunflower_QCIF_30fps_h263_noaudio_1f.3gp", new String[] {"sample", "1 frame"},
          "h264_white_frame_sar_16_9.mp4", new String[] {"sample", "1 frame"},
          "webm.webm", new String[] {"sample", "1 frame"});

  @Test
  void everySharedFileGivesUprightFramesOrTheRightReason() throws Exception {
    Path testdata = SharedData.testdata();
    List<Path> files;
    try (Stream<Path> s = Stream.concat(Files.walk(testdata.resolve("videos")), Files.walk(testdata.resolve("videor1/media")))) {
      files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 30, "expected the shared videos, found " + files.size());
    int ok = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      boolean image = name.endsWith(".png");
      String[] expected = EXPECTED_FAILURES.get(name);
      try {
        DecodedMedia m = MediaDecoder.decode(f, image ? MediaDecoder.Kind.IMAGE : MediaDecoder.Kind.VIDEO, TRAIN, OPTS);
        if (expected != null) {
          fail(name + " should fail at " + expected[0] + " but gave " + m.frames().size() + " frames");
        }
        checkInvariants(name, m, image);
        ok++;
      } catch (MediaException e) {
        if (expected == null) {
          fail(name + " should decode but failed at " + e.stage() + ": " + e.getMessage());
        }
        assertEquals(expected[0], e.stage(), name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(expected[1]), name + ": reason '" + e.getMessage() + "' lacks '" + expected[1] + "'");
      }
    }
    assertEquals(files.size() - EXPECTED_FAILURES.size(), ok);
  }

  private static void checkInvariants(String name, DecodedMedia m, boolean image) {
    int n = m.frames().size();
    assertTrue(image ? n == 1 : n >= 2 && n <= 16 && n % 2 == 0, name + ": frame count " + n);
    assertEquals(0, m.resizedHeight() % 28, name);
    assertEquals(0, m.resizedWidth() % 28, name);
    for (byte[] f : m.frames()) {
      assertEquals(m.resizedHeight() * m.resizedWidth() * 3, f.length, name);
    }
    if (!image) {
      assertArrayEquals(FrameSampler.frameIndices(m.totalFrames(), n), m.frameIndices(), name + ": indices");
      for (int i = 1; i < n; i++) {
        assertTrue(m.timestamps()[i] > m.timestamps()[i - 1], name + ": timestamps must increase");
      }
      assertTrue(m.timestamps()[n - 1] <= m.durationSeconds() + 1e-6, name + ": last timestamp within duration");
    }
    long sum = 0;
    for (byte b : m.frames().get(n - 1)) {
      sum += b & 0xff;
    }
    assertTrue(sum > 0, name + ": last frame is all black");
  }

  @Test
  void portraitVideoStaysPortrait() throws Exception {
    DecodedMedia m = decode(SharedData.testdata().resolve("videor1/media/ytb_7nRmsEw7nsE.mp4"));
    assertEquals(420, m.resizedHeight());
    assertEquals(224, m.resizedWidth());
    assertEquals(1072, m.totalFrames());
  }

  @Test
  void knownVideoMatchesTheSpecsSampling() throws Exception {
    // video1.mp4: 491 frames at 22.29 fps, 640x360 -> 16 frames of 224x420 at linspace(0, 490, 16).
    DecodedMedia m = decode(SharedData.testdata().resolve("videor1/media/video1.mp4"));
    assertEquals(491, m.totalFrames());
    assertEquals(22.29, m.sourceFps(), 1e-9);
    assertArrayEquals(FrameSampler.frameIndices(491, 16), m.frameIndices());
    assertEquals(224, m.resizedHeight());
    assertEquals(420, m.resizedWidth());
  }

  @Test
  void sampledFramesAreTheFramesAtThoseIndices(@TempDir Path dir) throws Exception {
    // Skipping unneeded non-reference frames must not change which pixels come out.
    Path f = SharedData.testdata().resolve("videor1/media/split_8.mp4");
    DecodedMedia fast = MediaDecoder.decode(f, MediaDecoder.Kind.VIDEO, TRAIN, new MediaDecoder.Options(true, 1, true));
    DecodedMedia full = MediaDecoder.decode(f, MediaDecoder.Kind.VIDEO, TRAIN, new MediaDecoder.Options(true, 1, false));
    assertArrayEquals(full.frameIndices(), fast.frameIndices());
    for (int i = 0; i < full.frames().size(); i++) {
      assertArrayEquals(full.frames().get(i), fast.frames().get(i), "frame " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 90, 180, 270})
  void rotationMetadataGivesUprightFrames(int rotation, @TempDir Path dir) throws Exception {
    Path f = dir.resolve("rot" + rotation + ".mp4");
    TestVideos.write(f, 128, 64, rotation, 1.0, TestVideos.constantRate(20, 10));
    DecodedMedia m = decode(f);
    assertEquals(rotation == 90 || rotation == 270 ? (360 - rotation) % 360 : rotation, m.rotation());
    assertTrue(m.resizedWidth() > m.resizedHeight(), "display is 128 wide, 64 high");
    assertRedTopLeftOnly(m.frames().get(0), m.resizedHeight(), m.resizedWidth());
  }

  @Test
  void nonSquarePixelsAreStretchedToTheDisplayAspect(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sar.mp4");
    TestVideos.write(f, 64, 64, 0, 2.0, TestVideos.constantRate(20, 10)); // 64x64 coded, shown 128x64
    DecodedMedia m = decode(f);
    assertEquals(2.0, m.sampleAspectRatio(), 1e-9);
    assertTrue(m.resizedWidth() >= 2 * m.resizedHeight() - 28, m.resizedHeight() + "x" + m.resizedWidth());
    DecodedMedia asCoded =
        MediaDecoder.decode(f, MediaDecoder.Kind.VIDEO, TRAIN, new MediaDecoder.Options(false, 1, true));
    assertEquals(asCoded.resizedHeight(), asCoded.resizedWidth(), "decord-style: the coded square");
  }

  @Test
  void variableFrameRateKeepsTheRealTimestamps(@TempDir Path dir) throws Exception {
    long[] ts = new long[40];
    for (int i = 1; i < ts.length; i++) {
      ts[i] = ts[i - 1] + (i % 3 == 0 ? 300_000 : 50_000); // bursts and pauses
    }
    Path f = dir.resolve("vfr.mp4");
    TestVideos.write(f, 96, 64, 0, 1.0, ts);
    DecodedMedia m = decode(f);
    assertEquals(40, m.totalFrames());
    for (int i = 0; i < m.frameIndices().length; i++) {
      assertEquals(ts[m.frameIndices()[i]] / 1e6, m.timestamps()[i], 0.002, "timestamp of frame " + m.frameIndices()[i]);
    }
  }

  @Test
  void garbageIsRefusedWithAReason(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a video\n");
    MediaException e = assertThrows(MediaException.class, () -> decode(text));
    assertTrue(e.getMessage().contains("not a video") || e.stage().equals("open"), e.getMessage());
    Path random = dir.resolve("random.mp4");
    byte[] bytes = new byte[50_000];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(random, bytes);
    e = assertThrows(MediaException.class, () -> decode(random));
    assertTrue(List.of("open", "probe", "decode").contains(e.stage()), e.stage() + ": " + e.getMessage());
    e = assertThrows(MediaException.class, () -> decode(dir.resolve("absent.mp4")));
    assertEquals("open", e.stage());
  }

  private static DecodedMedia decode(Path f) throws MediaException {
    return MediaDecoder.decode(f, MediaDecoder.Kind.VIDEO, TRAIN, OPTS);
  }

  /** Red in the top-left quadrant, blue in the other three (away from the edges, where the codec blurs). */
  static void assertRedTopLeftOnly(byte[] rgb, int h, int w) {
    int[][] probes = {{h / 4, w / 4, 1}, {h / 4, 3 * w / 4, 0}, {3 * h / 4, w / 4, 0}, {3 * h / 4, 3 * w / 4, 0}};
    for (int[] p : probes) {
      int o = (p[0] * w + p[1]) * 3;
      int r = rgb[o] & 0xff;
      int b = rgb[o + 2] & 0xff;
      boolean red = r > 180 && b < 80;
      boolean blue = b > 180 && r < 80;
      assertTrue(p[2] == 1 ? red : blue, "pixel (" + p[0] + "," + p[1] + ") rgb=" + r + ",?," + b);
    }
  }
}
