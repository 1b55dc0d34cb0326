package io.videor1.model.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.lora.Trainable;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ChatTemplate;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.optim.AdamW;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Probe (not a test): can the tiny model learn an object's colour from pixels? Full-batch SFT, no Spark. */
public final class ColourProbe {
  static final int[][] COLOURS = {{220, 40, 40}, {40, 180, 40}, {40, 60, 220}, {230, 220, 40}, {150, 50, 190},
      {240, 140, 30}};
  static final String[] NAMES = {"red", "green", "blue", "yellow", "purple", "orange"};

  record Sample(byte[] rgb, int colour, byte[][] frames, int other) {
    Sample(byte[] rgb, int colour) {
      this(rgb, colour, null, -1);
    }

    Sample(byte[] rgb, int colour, byte[][] frames) {
      this(rgb, colour, frames, -1);
    }
  }
  static String targetMode = "short";
  static String task = "colour";
  static int nFrames = 8;
  static String probeMode = "true";

  public static void main(String[] a) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (String s : a) {
      String[] kv = s.split("=", 2);
      o.put(kv[0], kv[1]);
    }
    int size = Integer.parseInt(o.getOrDefault("size", "56"));
    int obj = Integer.parseInt(o.getOrDefault("obj", "28"));
    int nTrain = Integer.parseInt(o.getOrDefault("train", "8"));
    int nTest = Integer.parseInt(o.getOrDefault("test", "60"));
    int steps = Integer.parseInt(o.getOrDefault("steps", "200"));
    int batch = Integer.parseInt(o.getOrDefault("batch", "8"));
    double lr = Double.parseDouble(o.getOrDefault("lr", "2e-3"));
    double wd = Double.parseDouble(o.getOrDefault("wd", "0.0"));
    double std = Double.parseDouble(o.getOrDefault("std", "0.02"));
    boolean fresh = Boolean.parseBoolean(o.getOrDefault("fresh", "false"));
    boolean shortTarget = Boolean.parseBoolean(o.getOrDefault("short", "true"));
    targetMode = o.getOrDefault("target", shortTarget ? "short" : "long");
    boolean fd = Boolean.parseBoolean(o.getOrDefault("fd", "false"));
    String preset = o.getOrDefault("preset", "tiny");
    int every = Integer.parseInt(o.getOrDefault("every", "25"));
    task = o.getOrDefault("task", "colour");
    nFrames = Integer.parseInt(o.getOrDefault("frames", "8"));
    System.out.println("probe " + o);
    Path dir = Files.createTempDirectory("probe");
    var cfg = ModelPresets.byName(preset);
    try (VisionLanguageModel vlm = TinyCheckpoints.random(dir, cfg, 42, std)) {
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), null, List.of());
      SplittableRandom r = new SplittableRandom(7);
      List<Sample> train = new ArrayList<>();
      for (int i = 0; i < nTrain; i++) {
        train.add(sample(r, size, obj, i % COLOURS.length));
      }
      List<Sample> test = new ArrayList<>();
      SplittableRandom rt = new SplittableRandom(99);
      for (int i = 0; i < nTest; i++) {
        test.add(sample(rt, size, obj, i % (task.equals("direction") ? 4 : COLOURS.length)));
      }
      if (fd) {
        finiteDifferences(vlm, trainable, train.get(0), size, shortTarget);
      }
      Map<String, float[]> w = ParamCodec.toFloats(trainable);
      Map<String, AdamW.State> st = new LinkedHashMap<>();
      w.forEach((n, v) -> st.put(n, new AdamW.State(v.length)));
      AdamW.Config ac = new AdamW.Config(0.9, 0.999, 1e-8, wd);
      SplittableRandom rb = new SplittableRandom(3);
      long t0 = System.nanoTime();
      for (int s = 1; s <= steps; s++) {
        ParamCodec.zeroGradients(trainable);
        double loss = 0;
        for (int b = 0; b < batch; b++) {
          Sample x = fresh ? sample(rb, size, obj, rb.nextInt(task.equals("direction") ? 4 : COLOURS.length)) : train.get((s * batch + b) % nTrain);
          Seq q = seq(vlm, x, size, shortTarget);
          try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = q.loss(vlm.model(), m, true).div(m.create((float) batch));
            loss += l.getFloat();
            gc.backward(l);
          }
        }
        Map<String, float[]> g = ParamCodec.gradients(trainable);
        for (String n : w.keySet()) {
          AdamW.step(w.get(n), g.get(n), st.get(n), s, lr, ac);
        }
        ParamCodec.fromFloats(trainable, w);
        if ((s % every == 0 || s == steps) && !task.equals("colour")) {
          System.out.printf("step %d loss %.4f train %.3f test %.3f shuffled %.3f reversed %.3f blank %.3f (%.0fs)%n",
              s, loss, acc(vlm, train.subList(0, Math.min(60, train.size())), size, shortTarget, "true"),
              acc(vlm, test, size, shortTarget, "true"), acc(vlm, test, size, shortTarget, "shuffled"),
              acc(vlm, test, size, shortTarget, "reversed"), acc(vlm, test, size, shortTarget, "blank"),
              (System.nanoTime() - t0) / 1e9);
        } else if (s % every == 0 || s == steps) {
          System.out.printf("step %d loss %.4f train %.3f test %.3f blank %.3f vis %s  (%.0fs)%n", s, loss,
              acc(vlm, train, size, shortTarget, false), acc(vlm, test, size, shortTarget, false),
              acc(vlm, test, size, shortTarget, true), visStats(vlm, test.subList(0, 6), size),
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }

  static Sample sample(SplittableRandom r, int size, int obj, int colour) {
    if (task.equals("direction")) {
      return motion(r, size, obj, colour % 4);
    }
    if (task.equals("first")) {
      return first(r, size, obj, colour);
    }
    byte[] rgb = new byte[size * size * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) 128;
    }
    int y0 = r.nextInt(size - obj + 1);
    int x0 = r.nextInt(size - obj + 1);
    for (int y = y0; y < y0 + obj; y++) {
      for (int x = x0; x < x0 + obj; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[(y * size + x) * 3 + c] = (byte) COLOURS[colour][c];
        }
      }
    }
    return new Sample(rgb, colour);
  }

  static final String[] DIRS = {"left", "right", "up", "down"};

  /** A square of a random colour moving (size - obj) pixels in direction d over the frames. */
  static Sample motion(SplittableRandom r, int size, int obj, int d) {
    int[] col = COLOURS[r.nextInt(COLOURS.length)];
    int span = size - obj;
    int a = r.nextInt(span + 1);
    byte[][] fr = new byte[nFrames][];
    for (int k = 0; k < nFrames; k++) {
      double u = k / (double) (nFrames - 1);
      int along = (int) Math.round(u * span);
      int x0;
      int y0;
      switch (d) {
        case 0 -> { x0 = span - along; y0 = a; }
        case 1 -> { x0 = along; y0 = a; }
        case 2 -> { x0 = a; y0 = span - along; }
        default -> { x0 = a; y0 = along; }
      }
      byte[] rgb = new byte[size * size * 3];
      java.util.Arrays.fill(rgb, (byte) 128);
      for (int y = y0; y < y0 + obj; y++) {
        for (int x = x0; x < x0 + obj; x++) {
          for (int c = 0; c < 3; c++) {
            rgb[(y * size + x) * 3 + c] = (byte) col[c];
          }
        }
      }
      fr[k] = rgb;
    }
    return new Sample(null, d, fr);
  }

  /** One square shown in the first frames, a square of another colour in the rest. */
  static Sample first(SplittableRandom r, int size, int obj, int colour) {
    int other = (colour + 1 + r.nextInt(COLOURS.length - 1)) % COLOURS.length;
    int k = 2 + r.nextInt(nFrames - 3);
    int[] pos = {r.nextInt(size - obj + 1), r.nextInt(size - obj + 1), r.nextInt(size - obj + 1),
        r.nextInt(size - obj + 1)};
    byte[][] fr = new byte[nFrames][];
    for (int f = 0; f < nFrames; f++) {
      int c = f < k ? colour : other;
      int x0 = f < k ? pos[0] : pos[2];
      int y0 = f < k ? pos[1] : pos[3];
      byte[] rgb = grey(size);
      for (int y = y0; y < y0 + obj; y++) {
        for (int x = x0; x < x0 + obj; x++) {
          for (int ch = 0; ch < 3; ch++) {
            rgb[(y * size + x) * 3 + ch] = (byte) COLOURS[c][ch];
          }
        }
      }
      fr[f] = rgb;
    }
    return new Sample(null, colour, fr, other);
  }

  static byte[][] probeFrames(Sample x, int size) {
    byte[][] f = x.frames().clone();
    switch (probeMode) {
      case "shuffled" -> {
        SplittableRandom r = new SplittableRandom(java.util.Arrays.hashCode(f[0]));
        for (int i = f.length - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          byte[] t = f[i];
          f[i] = f[j];
          f[j] = t;
        }
      }
      case "reversed" -> {
        for (int i = 0; i < f.length / 2; i++) {
          byte[] t = f[i];
          f[i] = f[f.length - 1 - i];
          f[f.length - 1 - i] = t;
        }
      }
      case "blank" -> {
        for (int i = 0; i < f.length; i++) {
          f[i] = grey(size);
        }
      }
      default -> { }
    }
    return f;
  }

  static String question() {
    if (task.equals("first")) {
      List<String> opts = new ArrayList<>();
      for (int i = 0; i < NAMES.length; i++) {
        opts.add((char) ('A' + i) + ". " + NAMES[i]);
      }
      return PromptTemplates.question("Which colour is shown first?", io.videor1.reward.ProblemType.MULTIPLE_CHOICE,
          opts);
    }
    if (task.equals("direction")) {
      List<String> opts = new ArrayList<>();
      for (int i = 0; i < DIRS.length; i++) {
        opts.add((char) ('A' + i) + ". " + DIRS[i]);
      }
      return PromptTemplates.question("In which direction does the object move?",
          io.videor1.reward.ProblemType.MULTIPLE_CHOICE, opts);
    }
    StringBuilder sb = new StringBuilder("What colour is the object?");
    List<String> opts = new ArrayList<>();
    for (int i = 0; i < NAMES.length; i++) {
      opts.add((char) ('A' + i) + ". " + NAMES[i]);
    }
    return PromptTemplates.question(sb.toString(), io.videor1.reward.ProblemType.MULTIPLE_CHOICE, opts);
  }

  static String target(Sample x, boolean shortTarget) {
    int colour = x.colour();
    char l = (char) ('A' + colour);
    if (targetMode.equals("seen")) {
      return "<think>" + NAMES[colour] + ", then " + NAMES[x.other()] + ".</think>\n<answer>" + l + "</answer>";
    }
    if (targetMode.equals("seenlong")) {
      return "<think>First a " + NAMES[colour] + " object is shown, then a " + NAMES[x.other()]
          + " one. So the answer is option " + l + ".</think>\n<answer>" + l + "</answer>";
    }
    return shortTarget ? "<answer>" + l + "</answer>" : "<think>So the answer is option " + l + ".</think>\n<answer>"
        + l + "</answer>";
  }

  /** A sequence and the index of the position whose next token is the (last) answer letter. */
  record Seq(ModelInputs in, int start, int letterPos) {
    NDArray loss(Qwen25VlModel model, NDManager m, boolean training) {
      NDArray emb = model.promptEmbeddings(m, in, training); // [1, N, H]
      NDArray hidden = model.decode(emb, in.positions(), null, false, training); // [1, N, H]
      int n = in.length();
      NDArray logits = model.logits(hidden.get(":, " + start + ":" + (n - 1) + ", :"), training); // [1, L, V]
      long[] tgt = new long[n - 1 - start];
      for (int t = start; t < n - 1; t++) {
        tgt[t - start] = in.inputIds()[t + 1];
      }
      NDArray idx = m.create(tgt, new Shape(1, tgt.length, 1));
      return logits.logSoftmax(2).gather(idx, 2).mean().neg();
    }
  }

  static Seq seq(VisionLanguageModel vlm, Sample x, int size, boolean shortTarget) {
    boolean video = x.frames() != null;
    List<ChatTemplate.Message> conv = PromptTemplates.sftMessages(video, question(), "", "");
    String prompt = ChatTemplate.render(conv.subList(0, 2), true);
    String full = prompt + target(x, shortTarget) + "<|im_end|>\n";
    ModelInputs in = video
        ? vlm.processor().process(full, List.of(), List.of(new Processor.Video(probeFrames(x, size), size, size, 2.0)))
        : vlm.processor().process(full, List.of(new Processor.Image(x.rgb(), size, size)), List.of());
    int nResp = vlm.tokenizer().encode(full).length - vlm.tokenizer().encode(prompt).length;
    int n = in.length();
    int start = n - nResp - 1;
    // the last answer letter: the token before "</answer>"
    int[] ids = in.inputIds();
    int letterPos = -1;
    for (int t = n - 1; t > start; t--) {
      if (ids[t] >= 'A' && ids[t] <= 'F' && ids[t - 1] == '>') {
        letterPos = t - 1;
        break;
      }
    }
    return new Seq(in, start, letterPos);
  }

  static double acc(VisionLanguageModel vlm, List<Sample> xs, int size, boolean shortTarget, boolean blank) {
    return acc(vlm, xs, size, shortTarget, blank ? "blank" : "true");
  }

  static double acc(VisionLanguageModel vlm, List<Sample> xs, int size, boolean shortTarget, String mode) {
    int ok = 0;
    int nOpt = task.equals("direction") ? 4 : COLOURS.length;
    for (Sample x : xs) {
      Sample s = x.frames() == null && mode.equals("blank") ? new Sample(grey(size), x.colour()) : x;
      probeMode = mode;
      Seq q = seq(vlm, s, size, shortTarget);
      probeMode = "true";
      try (NDManager m = vlm.newManager()) {
        NDArray emb = vlm.model().promptEmbeddings(m, q.in(), false);
        NDArray h = vlm.model().decode(emb, q.in().positions(), null, false, false);
        float[] lg = vlm.model().logits(h.get(":, " + q.letterPos() + ":" + (q.letterPos() + 1) + ", :"), false)
            .toFloatArray();
        int best = 0;
        for (int c = 1; c < nOpt; c++) {
          if (lg['A' + c] > lg['A' + best]) {
            best = c;
          }
        }
        ok += best == x.colour() ? 1 : 0;
      }
    }
    return ok / (double) xs.size();
  }

  static byte[] grey(int size) {
    byte[] b = new byte[size * size * 3];
    java.util.Arrays.fill(b, (byte) 128);
    return b;
  }

  /** RMS of the merged vision tokens and the RMS of their deviation from the across-image mean, relative. */
  static String visStats(VisionLanguageModel vlm, List<Sample> xs, int size) {
    List<float[]> vs = new ArrayList<>();
    for (Sample x : xs) {
      ModelInputs in = vlm.processor().process("<|vision_start|><|image_pad|><|vision_end|>",
          List.of(new Processor.Image(x.rgb(), size, size)), List.of());
      try (NDManager m = vlm.newManager()) {
        int pd = vlm.model().config().vision().patchDim();
        NDArray pix = m.create(in.imagePixels(), new Shape(in.imagePixels().length / pd, pd));
        vs.add(vlm.model().visual().forward(pix, in.imageGrids(), false).toFloatArray());
      }
    }
    int d = vs.get(0).length;
    double rms = 0;
    double dev = 0;
    for (int i = 0; i < d; i++) {
      double mean = 0;
      for (float[] v : vs) {
        mean += v[i];
      }
      mean /= vs.size();
      for (float[] v : vs) {
        rms += v[i] * v[i];
        dev += (v[i] - mean) * (v[i] - mean);
      }
    }
    rms = Math.sqrt(rms / (d * vs.size()));
    dev = Math.sqrt(dev / (d * vs.size()));
    return String.format("rms %.3f dev %.4f", rms, dev);
  }

  static void finiteDifferences(VisionLanguageModel vlm, Map<String, Parameter> trainable, Sample x, int size,
      boolean shortTarget) {
    Seq q = seq(vlm, x, size, shortTarget);
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(q.loss(vlm.model(), m, true));
    }
    Map<String, float[]> g = ParamCodec.gradients(trainable);
    for (String name : List.of("visual.patch_embed.proj.weight", "visual.blocks.0.attn.qkv.weight",
        "visual.merger.mlp.0.weight", "visual.merger.mlp.2.weight", "model.layers.0.self_attn.q_proj.weight",
        "model.embed_tokens.weight")) {
      float[] gv = g.get(name);
      int best = 0;
      for (int i = 0; i < gv.length; i++) {
        if (Math.abs(gv[i]) > Math.abs(gv[best])) {
          best = i;
        }
      }
      float[] w0 = ParamCodec.toFloats(Map.of(name, trainable.get(name))).get(name);
      double h = 1e-3;
      float[] p = w0.clone();
      p[best] += h;
      ParamCodec.fromFloats(trainable, Map.of(name, p));
      double lp = lossValue(vlm, q);
      p[best] -= 2 * h;
      ParamCodec.fromFloats(trainable, Map.of(name, p));
      double lm = lossValue(vlm, q);
      ParamCodec.fromFloats(trainable, Map.of(name, w0));
      System.out.printf("fd %-45s [%d] autograd %.6e  numeric %.6e%n", name, best, gv[best], (lp - lm) / (2 * h));
    }
  }

  static double lossValue(VisionLanguageModel vlm, Seq q) {
    try (NDManager m = vlm.newManager()) {
      return q.loss(vlm.model(), m, false).getFloat();
    }
  }
}
