package io.videor1.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The worked examples of spec §3.5 (training cap 105,369, eval cap 200,704) and §3.6. */
class SmartResizeTest {
  private static SmartResize.Size train(int h, int w) {
    return SmartResize.forVideo(h, w, 16, VisionBudget.train());
  }

  private static SmartResize.Size eval(int h, int w) {
    return SmartResize.forVideo(h, w, 16, VisionBudget.eval(16));
  }

  @Test
  void trainingCapIsTheOnePointZeroFiveFloor() {
    assertEquals(105_369.0, VisionBudget.train().videoMaxPixelsFor(16), 0.0);
    assertEquals(200_704.0, VisionBudget.eval(64).videoMaxPixelsFor(64), 0.0);
  }

  @Test
  void workedExamplesTraining() {
    assertEquals(new SmartResize.Size(224, 420), train(360, 640));
    assertEquals(new SmartResize.Size(280, 364), train(480, 640));
    assertEquals(new SmartResize.Size(224, 420), train(720, 1280));
    assertEquals(new SmartResize.Size(224, 420), train(1080, 1920));
    assertEquals(new SmartResize.Size(280, 392), train(240, 320));
  }

  @Test
  void workedExamplesEval() {
    assertEquals(new SmartResize.Size(336, 588), eval(360, 640));
    assertEquals(new SmartResize.Size(364, 504), eval(480, 640));
    assertEquals(new SmartResize.Size(336, 588), eval(720, 1280));
    assertEquals(new SmartResize.Size(336, 588), eval(1080, 1920));
    assertEquals(new SmartResize.Size(280, 392), eval(240, 320));
  }

  @Test
  void visualTokensMatchTheSpec() {
    assertEquals(120, GridThw.of(2, train(360, 640)).visualTokens());
    assertEquals(960, GridThw.of(16, train(360, 640)).visualTokens());
    assertEquals(252, GridThw.of(2, eval(360, 640)).visualTokens());
    GridThw g = GridThw.of(16, train(360, 640));
    assertEquals(new GridThw(8, 16, 30), g);
  }

  @Test
  void imagesUseTheImageBudget() {
    SmartResize.Size s = SmartResize.forImage(1000, 1000, VisionBudget.train());
    assertEquals(true, s.pixels() <= 200_704);
    assertEquals(0, s.height() % 28);
    // 30x50 rounds to 28x56 = 1,568 < 3,136: beta = sqrt(3136/1500), ceil(43.4/28)*28 = 56, ceil(72.3/28)*28 = 84.
    assertEquals(new SmartResize.Size(56, 84), SmartResize.forImage(30, 50, VisionBudget.train()));
  }

  @Test
  void tinyInputsAreUpscaledToTheMinimum() {
    // 1x1: both round to 28, 784 < 100,352, beta = sqrt(100352) -> ceil(316.8/28)*28 = 336.
    assertEquals(new SmartResize.Size(336, 336), train(1, 1));
  }

  @Test
  void extremeAspectRatioIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> train(1, 201));
    assertThrows(IllegalArgumentException.class, () -> train(0, 10));
  }
}
