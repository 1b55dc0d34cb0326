package io.videor1.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How a frame's RGB pixels are stored in a Parquet binary cell.
 *
 * <p>RAW keeps the exact bytes (fastest to read, largest); PNG is lossless; JPEG is smallest and lossy. README.md gives
 * the measured sizes and read speeds behind the default.
 */
public enum FrameFormat {
  RAW,
  PNG,
  JPEG;

  /** Parses a configuration value (case-insensitive). */
  public static FrameFormat parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Encodes one frame.
   *
   * @param rgb {@code [h, w, 3]} bytes
   * @param jpegQuality 1..100, used by JPEG only
   */
  public byte[] encode(byte[] rgb, int h, int w, int jpegQuality) {
    if (this == RAW) {
      return rgb;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream(rgb.length / 4);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
      ImageWriter writer = ImageIO.getImageWritersByFormatName(this == PNG ? "png" : "jpeg").next();
      try {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (this == JPEG) {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(jpegQuality / 100f);
        }
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a frame as " + this, e);
    }
    return bos.toByteArray();
  }

  /**
   * Decodes one stored frame back to RGB.
   *
   * @return {@code [h, w, 3]} bytes
   */
  public byte[] decode(byte[] stored, int h, int w) {
    if (this == RAW) {
      if (stored.length != h * w * 3) {
        throw new IllegalArgumentException("raw frame has " + stored.length + " bytes, expected " + h * w * 3);
      }
      return stored;
    }
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(stored));
      if (img == null || img.getWidth() != w || img.getHeight() != h) {
        throw new IllegalArgumentException("stored " + this + " frame is not a " + w + "x" + h + " image");
      }
      byte[] rgb = new byte[h * w * 3];
      if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
          rgb[i] = bgr[i + 2];
          rgb[i + 1] = bgr[i + 1];
          rgb[i + 2] = bgr[i];
        }
      } else {
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
          rgb[i * 3] = (byte) (argb[i] >> 16);
          rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
          rgb[i * 3 + 2] = (byte) argb[i];
        }
      }
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a stored " + this + " frame", e);
    }
  }
}
