package io.videor1.model.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.preprocess.Processor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One golden case as the processor takes it: the rendered prompt, the images and videos in the order their
 * placeholders appear, and the number of greedy tokens.
 *
 * <p>Two layouts of {@code fixtures.json} are read: the multi-case one ({@code items} per case, each naming its pixels
 * tensor, kind and fps) and the single-item one of {@code tools/golden/make_qwen25vl_fixtures.py} ({@code video}
 * flag, {@code fps}, pixels under {@code c.pixels}).
 *
 * @param name the case name (the tensor prefix)
 * @param prompt the rendered chat prompt with one placeholder per item
 * @param images images in order
 * @param videos videos in order
 * @param greedyTokens {@code greedy_max_new_tokens}
 */
public record GoldenCase(String name, String prompt, List<Processor.Image> images, List<Processor.Video> videos,
    int greedyTokens) {

  /** The case names of {@code dir/fixtures.json}: its {@code cases} list, else every object-valued entry. */
  public static List<String> names(Path dir) throws IOException {
    JsonObject root = meta(dir);
    List<String> out = new ArrayList<>();
    if (root.has("cases")) {
      root.getAsJsonArray("cases").forEach(e -> out.add(e.getAsString()));
    } else {
      root.entrySet().stream().filter(e -> e.getValue().isJsonObject() && e.getValue().getAsJsonObject().has("prompt"))
          .forEach(e -> out.add(e.getKey()));
    }
    return out;
  }

  /** Reads case {@code name} of {@code dir}. */
  public static GoldenCase read(Path dir, String name) throws IOException {
    JsonObject c = meta(dir).getAsJsonObject(name);
    List<Processor.Image> images = new ArrayList<>();
    List<Processor.Video> videos = new ArrayList<>();
    try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("fixtures.safetensors"))) {
      if (c.has("items")) {
        for (JsonElement e : c.getAsJsonArray("items")) {
          JsonObject item = e.getAsJsonObject();
          boolean video = item.get("kind").getAsString().equals("video");
          add(r.tensor(item.get("pixels").getAsString()), video, video ? item.get("fps").getAsDouble() : 0, images,
              videos);
        }
      } else {
        boolean video = c.get("video").getAsBoolean();
        add(r.tensor(name + ".pixels"), video, video ? c.get("fps").getAsDouble() : 0, images, videos);
      }
    }
    return new GoldenCase(name, c.get("prompt").getAsString(), images, videos,
        c.get("greedy_max_new_tokens").getAsInt());
  }

  private static void add(SafeTensor pixels, boolean video, double fps, List<Processor.Image> images,
      List<Processor.Video> videos) {
    long[] s = pixels.shape(); // [n, h, w, 3] uint8
    int n = (int) s[0];
    int h = (int) s[1];
    int w = (int) s[2];
    byte[] all = new byte[Math.toIntExact(pixels.numel())];
    pixels.data().get(all);
    byte[][] frames = new byte[n][];
    for (int i = 0; i < n; i++) {
      frames[i] = Arrays.copyOfRange(all, i * h * w * 3, (i + 1) * h * w * 3);
    }
    if (video) {
      videos.add(new Processor.Video(frames, h, w, fps));
    } else {
      images.add(new Processor.Image(frames[0], h, w));
    }
  }

  private static JsonObject meta(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve("fixtures.json"), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }
}
