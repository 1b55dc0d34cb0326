package io.videor1.media;

import java.util.List;

/**
 * Frames sampled from one media file, resized and upright, with what was learnt about the source.
 *
 * @param frames RGB frames, each {@code resizedHeight × resizedWidth × 3} bytes in row-major HWC order
 * @param frameIndices display-order index of each sampled frame in the source
 * @param timestamps presentation time of each sampled frame in seconds from the first frame
 * @param totalFrames frames in the source (T of smart_nframes); 1 for an image
 * @param sourceFps the source's average frame rate, NaN for a still image
 * @param durationSeconds the source's duration, NaN for a still image
 * @param codedWidth width of the coded picture
 * @param codedHeight height of the coded picture
 * @param rotation clockwise rotation applied to make the frames upright: 0, 90, 180 or 270
 * @param sampleAspectRatio the pixel aspect ratio of the coded picture (1 for square pixels)
 * @param resizedHeight height of every stored frame
 * @param resizedWidth width of every stored frame
 * @param codec the decoder's codec name
 * @param container the demuxer's format name
 */
public record DecodedMedia(
    List<byte[]> frames,
    int[] frameIndices,
    double[] timestamps,
    int totalFrames,
    double sourceFps,
    double durationSeconds,
    int codedWidth,
    int codedHeight,
    int rotation,
    double sampleAspectRatio,
    int resizedHeight,
    int resizedWidth,
    String codec,
    String container) {

  /** The rate at which frames were sampled, n / T · fps (spec §3.4); NaN for an image. */
  public double sampleFps() {
    return io.videor1.vision.FrameSampler.sampleFps(frames.size(), totalFrames, sourceFps);
  }
}
