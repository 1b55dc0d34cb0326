package io.videor1.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes an RGB picture as PNG with ImageIO (lossless, and the same bytes for the same pixels). */
public final class ImageWriter {
  private ImageWriter() {}

  /** Writes packed RGB pixels, width x height x 3, to {@code file}. */
  public static void write(Path file, byte[] rgb, int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
  }
}
