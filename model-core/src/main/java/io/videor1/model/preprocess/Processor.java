package io.videor1.model.preprocess;

import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.tokenizer.ChatTemplate;
import io.videor1.model.tokenizer.QwenTokenizer;
import io.videor1.vision.GridThw;
import java.util.ArrayList;
import java.util.List;

/**
 * The Qwen2.5-VL processor: a rendered chat prompt plus its images and videos → {@link ModelInputs}.
 *
 * <p>The prompt is tokenised with one placeholder per item; each {@code <|image_pad|>} / {@code <|video_pad|>} id is
 * then expanded to the item's visual-token count t·(h/2)·(w/2) (transformers expands the text instead; since the pads
 * are special tokens the ids are the same). Frames come from the curation table already resized to multiples of 28.
 */
public final class Processor {
  private final Qwen25VlConfig config;
  private final PatchProcessor patches;
  private final QwenTokenizer tokenizer;
  private final int mergeSize;
  private final int temporalPatch;

  /** A processor for {@code config}'s model with {@code pc}'s normalisation and {@code tokenizer}. */
  public Processor(Qwen25VlConfig config, PreprocessorConfig pc, QwenTokenizer tokenizer) {
    this.config = config;
    this.patches = new PatchProcessor(pc);
    this.tokenizer = tokenizer;
    this.mergeSize = pc.mergeSize();
    this.temporalPatch = pc.temporalPatchSize();
  }

  /** Video frames, each {@code height·width·3} RGB bytes, sampled at {@code fps} frames per second. */
  public record Video(byte[][] frames, int height, int width, double fps) {
    /** Frames at the processor's default 2.0 fps, as Video-R1's training passes (1.0 s per temporal patch). */
    public static Video of(byte[][] frames, int height, int width) {
      return new Video(frames, height, width, 2.0);
    }
  }

  /** An image of {@code height·width·3} RGB bytes. */
  public record Image(byte[] rgb, int height, int width) {}

  /** The tokenizer. */
  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /** Renders {@code messages} with the generation prompt and processes them. */
  public ModelInputs chat(List<ChatTemplate.Message> messages, List<Image> images, List<Video> videos) {
    return process(ChatTemplate.render(messages, true), images, videos);
  }

  /** Processes an already rendered prompt with one placeholder per image and video, in order of appearance. */
  public ModelInputs process(String prompt, List<Image> images, List<Video> videos) {
    int[] raw = tokenizer.encode(prompt);
    List<GridThw> imageGrids = new ArrayList<>();
    List<GridThw> videoGrids = new ArrayList<>();
    List<float[]> imagePatches = new ArrayList<>();
    List<float[]> videoPatches = new ArrayList<>();
    double[] secondPerGrid = new double[videos.size()];
    for (Image im : images) {
      PatchProcessor.Patches p = patches.image(im.rgb(), im.height(), im.width());
      imageGrids.add(p.grid());
      imagePatches.add(p.values());
    }
    for (int i = 0; i < videos.size(); i++) {
      Video v = videos.get(i);
      PatchProcessor.Patches p = patches.video(v.frames(), v.height(), v.width());
      videoGrids.add(p.grid());
      videoPatches.add(p.values());
      secondPerGrid[i] = temporalPatch / v.fps();
    }
    int[] ids = expand(raw, imageGrids, videoGrids);
    RopeIndex.Result rope = RopeIndex.compute(ids, imageGrids, videoGrids, secondPerGrid, config.imageTokenId(),
        config.videoTokenId(), config.visionStartTokenId(), mergeSize,
        config.hasVision() ? config.vision().tokensPerSecond() : 2);
    return new ModelInputs(ids, rope.positions(), rope.delta(), concat(imagePatches), imageGrids,
        concat(videoPatches), videoGrids, secondPerGrid);
  }

  private int[] expand(int[] raw, List<GridThw> imageGrids, List<GridThw> videoGrids) {
    int img = 0;
    int vid = 0;
    int[] out = new int[raw.length + 64];
    int n = 0;
    for (int id : raw) {
      long copies = 1;
      if (id == config.imageTokenId()) {
        copies = tokens(imageGrids, img++, "image");
      } else if (id == config.videoTokenId()) {
        copies = tokens(videoGrids, vid++, "video");
      }
      while (n + copies > out.length) {
        out = java.util.Arrays.copyOf(out, out.length * 2 + (int) copies);
      }
      for (long c = 0; c < copies; c++) {
        out[n++] = id;
      }
    }
    if (img != imageGrids.size() || vid != videoGrids.size()) {
      throw new IllegalArgumentException("prompt has " + img + " image and " + vid + " video placeholders for "
          + imageGrids.size() + " images and " + videoGrids.size() + " videos");
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private long tokens(List<GridThw> grids, int index, String kind) {
    if (index >= grids.size()) {
      throw new IllegalArgumentException("more " + kind + " placeholders than " + kind + "s (" + grids.size() + ")");
    }
    GridThw g = grids.get(index);
    return (long) g.t() * g.h() * g.w() / ((long) mergeSize * mergeSize);
  }

  private static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int o = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
