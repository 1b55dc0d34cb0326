package io.videor1.model;

import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.config.VisionConfig;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.vision.GridThw;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An independent float64 Qwen2.5-VL forward pass written with plain loops from the transformers semantics (no
 * caching, no batching, explicit masks), used to check the DJL blocks on tiny shapes.
 */
final class ReferenceForward {
  private final Qwen25VlConfig cfg;
  private final Map<String, float[]> w;

  ReferenceForward(Qwen25VlConfig cfg, Map<String, float[]> weights) {
    this.cfg = cfg;
    this.w = weights;
  }

  /** Logits [T][V] of the prompt. */
  double[][] logits(ModelInputs in) {
    TextConfig c = cfg.text();
    int t = in.length();
    int h = c.hiddenSize();
    double[][] x = new double[t][];
    double[] emb = d(w.get("model.embed_tokens.weight"));
    for (int i = 0; i < t; i++) {
      x[i] = java.util.Arrays.copyOfRange(emb, in.inputIds()[i] * h, (in.inputIds()[i] + 1) * h);
    }
    if (in.hasVision()) {
      List<GridThw> grids = new ArrayList<>(in.imageGrids());
      grids.addAll(in.videoGrids());
      float[] pix = new float[in.imagePixels().length + in.videoPixels().length];
      System.arraycopy(in.imagePixels(), 0, pix, 0, in.imagePixels().length);
      System.arraycopy(in.videoPixels(), 0, pix, in.imagePixels().length, in.videoPixels().length);
      double[][] vis = vision(pix, grids);
      int nImg = (int) in.imageGrids().stream().mapToLong(GridThw::visualTokens).sum();
      int img = 0;
      int vid = 0;
      for (int i = 0; i < t; i++) {
        if (in.inputIds()[i] == cfg.imageTokenId()) {
          x[i] = vis[img++];
        } else if (in.inputIds()[i] == cfg.videoTokenId()) {
          x[i] = vis[nImg + vid++];
        }
      }
    }
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      x = decoderLayer(x, in.positions(), "model.layers." + l + ".");
    }
    double[][] out = new double[t][];
    String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
    for (int i = 0; i < t; i++) {
      out[i] = linear(rms(x[i], "model.norm.weight", c.rmsNormEps()), head, null);
    }
    return out;
  }

  private double[][] decoderLayer(double[][] x, int[][] pos, String p) {
    TextConfig c = cfg.text();
    int t = x.length;
    int hd = c.headDim();
    int heads = c.numAttentionHeads();
    int kvh = c.numKeyValueHeads();
    double[][] q = new double[t][];
    double[][] k = new double[t][];
    double[][] v = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] n = rms(x[i], p + "input_layernorm.weight", c.rmsNormEps());
      q[i] = linear(n, p + "self_attn.q_proj.weight", p + "self_attn.q_proj.bias");
      k[i] = linear(n, p + "self_attn.k_proj.weight", p + "self_attn.k_proj.bias");
      v[i] = linear(n, p + "self_attn.v_proj.weight", p + "self_attn.v_proj.bias");
      int[] section = c.mropeSection().stream().mapToInt(Integer::intValue).toArray();
      for (int head = 0; head < heads; head++) {
        mrope(q[i], head * hd, hd, pos, i, section);
      }
      for (int head = 0; head < kvh; head++) {
        mrope(k[i], head * hd, hd, pos, i, section);
      }
    }
    double[][] out = new double[t][];
    for (int i = 0; i < t; i++) {
      double[] o = new double[heads * hd];
      for (int head = 0; head < heads; head++) {
        int kvHead = head / (heads / kvh);
        attend(q[i], head * hd, k, v, kvHead * hd, hd, 0, i + 1, o, head * hd);
      }
      double[] a = linear(o, p + "self_attn.o_proj.weight", null);
      double[] hsum = add(x[i], a);
      double[] n2 = rms(hsum, p + "post_attention_layernorm.weight", c.rmsNormEps());
      out[i] = add(hsum, mlp(n2, p + "mlp.", false));
    }
    return out;
  }

  /** Rotate-half M-RoPE in double: frequency j uses the axis its mrope section assigns. */
  private void mrope(double[] x, int off, int hd, int[][] pos, int i, int[] section) {
    int half = hd / 2;
    double[] y = new double[hd];
    for (int j = 0; j < hd; j++) {
      int f = j % half;
      int axis = f < section[0] ? 0 : f < section[0] + section[1] ? 1 : 2;
      double invFreq = 1.0 / Math.pow(cfg.text().ropeTheta(), 2.0 * f / hd);
      double ang = pos[axis][i] * invFreq;
      double rot = j < half ? -x[off + j + half] : x[off + j - half];
      y[j] = x[off + j] * Math.cos(ang) + rot * Math.sin(ang);
    }
    System.arraycopy(y, 0, x, off, hd);
  }

  private static void attend(double[] q, int qo, double[][] k, double[][] v, int ko, int hd, int from, int to,
      double[] out, int oo) {
    double[] s = new double[to - from];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = from; j < to; j++) {
      double dot = 0;
      for (int d = 0; d < hd; d++) {
        dot += q[qo + d] * k[j][ko + d];
      }
      s[j - from] = dot / Math.sqrt(hd);
      max = Math.max(max, s[j - from]);
    }
    double z = 0;
    for (int j = 0; j < s.length; j++) {
      s[j] = Math.exp(s[j] - max);
      z += s[j];
    }
    for (int j = from; j < to; j++) {
      for (int d = 0; d < hd; d++) {
        out[oo + d] += s[j - from] / z * v[j][ko + d];
      }
    }
  }

  /** The vision tower: patches in processor order → merged tokens in processor order. */
  double[][] vision(float[] pix, List<GridThw> grids) {
    VisionConfig vc = cfg.vision();
    int pd = vc.patchDim();
    int n = pix.length / pd;
    int cdim = vc.hiddenSize();
    double[] pe = d(w.get("visual.patch_embed.proj.weight"));
    double[][] x = new double[n][cdim];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < cdim; o++) {
        double s = 0;
        for (int e = 0; e < pd; e++) {
          s += pix[i * pd + e] * pe[o * pd + e];
        }
        x[i][o] = s;
      }
    }
    // every patch: item, temporal index, row, column; window = (item, t, row / win, col / win)
    int m = vc.spatialMergeSize();
    int win = vc.mergedWindow() * m;
    List<int[]> meta = new ArrayList<>();
    int item = 0;
    for (GridThw g : grids) {
      for (int tt = 0; tt < g.t(); tt++) {
        for (int bh = 0; bh < g.h() / m; bh++) {
          for (int bw = 0; bw < g.w() / m; bw++) {
            for (int mh = 0; mh < m; mh++) {
              for (int mw = 0; mw < m; mw++) {
                meta.add(new int[] {item, tt, bh * m + mh, bw * m + mw, meta.size()});
              }
            }
          }
        }
      }
      item++;
    }
    for (int b = 0; b < vc.depth(); b++) {
      boolean full = vc.fullattBlockIndexes().contains(b);
      x = visionBlock(x, meta, full, win, "visual.blocks." + b + ".");
    }
    // merger over the 4 patches of each unit (units are consecutive in processor order)
    int unit = m * m;
    double[][] out = new double[n / unit][];
    for (int u = 0; u < n / unit; u++) {
      double[] cat = new double[cdim * unit];
      for (int j = 0; j < unit; j++) {
        System.arraycopy(rms(x[u * unit + j], "visual.merger.ln_q.weight", 1e-6), 0, cat, j * cdim, cdim);
      }
      double[] hdn = linear(cat, "visual.merger.mlp.0.weight", "visual.merger.mlp.0.bias");
      for (int i = 0; i < hdn.length; i++) {
        hdn[i] = 0.5 * hdn[i] * (1 + erf(hdn[i] / Math.sqrt(2)));
      }
      out[u] = linear(hdn, "visual.merger.mlp.2.weight", "visual.merger.mlp.2.bias");
    }
    return out;
  }

  private double[][] visionBlock(double[][] x, List<int[]> meta, boolean full, int win, String p) {
    VisionConfig vc = cfg.vision();
    int n = x.length;
    int heads = vc.numHeads();
    int hd = vc.headDim();
    double[][] q = new double[n][];
    double[][] k = new double[n][];
    double[][] v = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] qkv = linear(rms(x[i], p + "norm1.weight", 1e-6), p + "attn.qkv.weight", p + "attn.qkv.bias");
      q[i] = java.util.Arrays.copyOfRange(qkv, 0, vc.hiddenSize());
      k[i] = java.util.Arrays.copyOfRange(qkv, vc.hiddenSize(), 2 * vc.hiddenSize());
      v[i] = java.util.Arrays.copyOfRange(qkv, 2 * vc.hiddenSize(), 3 * vc.hiddenSize());
      for (int h = 0; h < heads; h++) {
        rope2d(q[i], h * hd, hd, meta.get(i)[2], meta.get(i)[3]);
        rope2d(k[i], h * hd, hd, meta.get(i)[2], meta.get(i)[3]);
      }
    }
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      int[] mi = meta.get(i);
      // the segment of i: same item and temporal patch, and same window unless full attention
      List<Integer> seg = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        int[] mj = meta.get(j);
        boolean same = mi[0] == mj[0] && mi[1] == mj[1]
            && (full || (mi[2] / win == mj[2] / win && mi[3] / win == mj[3] / win));
        if (same) {
          seg.add(j);
        }
      }
      seg.sort(Comparator.naturalOrder());
      double[][] ks = seg.stream().map(j -> k[j]).toArray(double[][]::new);
      double[][] vs = seg.stream().map(j -> v[j]).toArray(double[][]::new);
      double[] o = new double[vc.hiddenSize()];
      for (int h = 0; h < heads; h++) {
        attend(q[i], h * hd, ks, vs, h * hd, hd, 0, ks.length, o, h * hd);
      }
      double[] hsum = add(x[i], linear(o, p + "attn.proj.weight", p + "attn.proj.bias"));
      out[i] = add(hsum, mlp(rms(hsum, p + "norm2.weight", 1e-6), p + "mlp.", true));
    }
    return out;
  }

  /** 2-D rotary: the first quarter of frequencies from the row, the next from the column, repeated over halves. */
  private static void rope2d(double[] x, int off, int hd, int row, int col) {
    int q = hd / 4;
    double[] y = new double[hd];
    for (int j = 0; j < hd; j++) {
      int f = j % (hd / 2);
      int pos = f < q ? row : col;
      double invFreq = 1.0 / Math.pow(10000.0, 2.0 * (f % q) / (hd / 2.0));
      double ang = pos * invFreq;
      double rot = j < hd / 2 ? -x[off + j + hd / 2] : x[off + j - hd / 2];
      y[j] = x[off + j] * Math.cos(ang) + rot * Math.sin(ang);
    }
    System.arraycopy(y, 0, x, off, hd);
  }

  private double[] mlp(double[] x, String p, boolean bias) {
    double[] g = linear(x, p + "gate_proj.weight", bias ? p + "gate_proj.bias" : null);
    double[] u = linear(x, p + "up_proj.weight", bias ? p + "up_proj.bias" : null);
    for (int i = 0; i < g.length; i++) {
      g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
    }
    return linear(g, p + "down_proj.weight", bias ? p + "down_proj.bias" : null);
  }

  private double[] rms(double[] x, String weight, double eps) {
    double s = 0;
    for (double e : x) {
      s += e * e;
    }
    double inv = 1 / Math.sqrt(s / x.length + eps);
    float[] g = w.get(weight);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * inv * g[i];
    }
    return y;
  }

  private double[] linear(double[] x, String weight, String bias) {
    float[] wt = w.get(weight);
    int out = wt.length / x.length;
    double[] y = new double[out];
    float[] b = bias == null ? null : w.get(bias);
    for (int o = 0; o < out; o++) {
      double s = b == null ? 0 : b[o];
      for (int i = 0; i < x.length; i++) {
        s += wt[o * x.length + i] * x[i];
      }
      y[o] = s;
    }
    return y;
  }

  private static double[] add(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] + b[i];
    }
    return c;
  }

  private static double[] d(float[] f) {
    double[] o = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      o[i] = f[i];
    }
    return o;
  }

  /** erf with |error| < 1.2e-7 (Numerical Recipes erfc). */
  private static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? 1 - r : r - 1;
  }
}
