package io.videor1.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Qwen2 tokenizer from a local {@code tokenizer.json} through DJL's Hugging Face tokenizers binding, offline, with
 * truncation, padding and automatic special tokens off (the DJL defaults truncate to 512 tokens and pad batches).
 *
 * <p>Special tokens written in the text ({@code <|im_start|>}, {@code <|video_pad|>} ...) are matched as single ids,
 * as in transformers.
 */
public final class QwenTokenizer implements AutoCloseable {
  /** End of an assistant turn: the EOS of Qwen2.5-VL-Instruct (151645). */
  public static final String IM_END = "<|im_end|>";
  /** Start of a turn (151644). */
  public static final String IM_START = "<|im_start|>";
  /** The pad / end-of-text token (151643). */
  public static final String END_OF_TEXT = "<|endoftext|>";
  /** Image placeholder (151655). */
  public static final String IMAGE_PAD = "<|image_pad|>";
  /** Video placeholder (151656). */
  public static final String VIDEO_PAD = "<|video_pad|>";
  /** Start of a vision span (151652). */
  public static final String VISION_START = "<|vision_start|>";
  /** End of a vision span (151653). */
  public static final String VISION_END = "<|vision_end|>";

  private final HuggingFaceTokenizer tokenizer;
  private final Path file;

  private QwenTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
    this.tokenizer = tokenizer;
    this.file = file;
  }

  /** Loads {@code dir/tokenizer.json} (or the file itself). */
  public static QwenTokenizer load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    Map<String, String> opts = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
        "modelMaxLength", String.valueOf(Integer.MAX_VALUE));
    return new QwenTokenizer(HuggingFaceTokenizer.newInstance(file, opts), file);
  }

  /** The tokenizer.json this was loaded from. */
  public Path file() {
    return file;
  }

  /** Token ids of {@code text}. */
  public int[] encode(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /**
   * Text of {@code ids}; with {@code skipSpecial} special tokens are dropped (as the reward functions expect). Byte
   * tokens that do not form UTF-8 (a model may emit any sequence) decode to U+FFFD, never to a lone surrogate.
   */
  public String decode(int[] ids, boolean skipSpecial) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return Utf8.scrub(tokenizer.decode(l, skipSpecial));
  }

  /** The id of a token that must encode to exactly one id (a special token). */
  public int tokenId(String token) {
    int[] ids = encode(token);
    if (ids.length != 1) {
      throw new IllegalArgumentException(token + " is not a single token in " + file);
    }
    return ids[0];
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
