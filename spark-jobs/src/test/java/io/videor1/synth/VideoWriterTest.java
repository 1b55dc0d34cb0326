package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/** The encoder is checked, never swapped silently; what is decoded shows the ground truth. */
class VideoWriterTest {
  @Test
  void autoPicksOpenH264AndAMissingEncoderIsAnErrorNamingTheKey() throws Exception {
    String auto = VideoWriter.resolveCodec("auto");
    assertEquals(VideoWriter.present("libopenh264") ? "libopenh264" : "mpeg4", auto);
    VideoWriter.verify(auto);
    VideoWriter.verify("mpeg4");
    String m = assertThrows(IllegalArgumentException.class, () -> VideoWriter.resolveCodec("libx264")).getMessage();
    assertTrue(m.startsWith("synth.codec names encoder 'libx264', which this FFmpeg build does not have"), m);
    assertTrue(m.contains("present: [libopenh264, mpeg4"), m);
    assertThrows(IllegalArgumentException.class, () -> VideoWriter.resolveCodec("aac"), "an audio encoder is refused");
    if (!VideoWriter.present("libsvtav1")) {
      return;
    }
    assertEquals("libsvtav1", VideoWriter.resolveCodec("libsvtav1"));
  }

  @Test
  void decodedFramesShowEveryMovingItemWhereTheTruthSaysItIs() throws Exception {
    SynthConfig cfg = SynthRuns.config("synth.out=unused");
    Renderer renderer = new Renderer(cfg);
    Grid grid = new Grid(cfg.width(), cfg.height());
    Path dir = SynthRuns.scratch("decode");
    VideoWriter w = new VideoWriter(VideoWriter.resolveCodec("auto"), cfg.width(), cfg.height(), cfg.fps());
    for (int i = 0; i < 6; i++) {
      Scene s = SceneFactory.build(cfg, SampleKind.MULTIPLE_CHOICE, SamplePlan.sampleRandom(1, "train", i));
      Canvas c = new Canvas(cfg.width(), cfg.height());
      Path file = dir.resolve(i + "." + w.extension());
      w.write(file, cfg.frames(), f -> {
        renderer.draw(s, f, 12345, c);
        return c.rgb();
      });
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
        g.start();
        assertEquals(cfg.frames(), g.getLengthInVideoFrames());
        for (int k = 0; k < cfg.frames(); k++) {
          Frame f = g.grabImage();
          List<Item> items = s.beats().get(k); // at 2 fps frame k is beat k
          for (Item it : items) {
            int x = (int) grid.px(it.x());
            int y = (int) grid.py(it.y());
            ByteBuffer b = (ByteBuffer) f.image[0];
            int o = y * f.imageStride + x * 3; // BGR
            int[] got = {b.get(o + 2) & 255, b.get(o + 1) & 255, b.get(o) & 255};
            int[] want = {it.colour().r, it.colour().g, it.colour().b};
            int err = Math.abs(got[0] - want[0]) + Math.abs(got[1] - want[1]) + Math.abs(got[2] - want[2]);
            assertTrue(err < 60, s.family() + " frame " + k + " " + it + ": got " + java.util.Arrays.toString(got));
          }
        }
        g.stop();
      }
    }
  }

  @Test
  void imagesArePngWithTheExactPixels() throws Exception {
    SynthConfig cfg = SynthRuns.config("synth.out=unused", "synth.width=96", "synth.height=64");
    Scene s = SceneFactory.build(cfg, SampleKind.IMAGE, SamplePlan.sampleRandom(1, "train", 0));
    Canvas c = new Canvas(96, 64);
    new Renderer(cfg).draw(s, 0, 99, c);
    Path file = SynthRuns.scratch("png").resolve("a.png");
    ImageWriter.write(file, c.rgb(), 96, 64);
    BufferedImage img = ImageIO.read(file.toFile());
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 96; x++) {
        assertEquals(c.get(x, y), img.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
      }
    }
  }
}
