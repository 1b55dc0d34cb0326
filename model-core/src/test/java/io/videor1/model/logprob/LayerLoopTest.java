package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.GradMode;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.DecoderLayer;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer loop frees each layer's intermediates when the layer is done: a forward pass leaves only its output (and,
 * for recomputation, each layer's input) in the caller's manager, and backward by recomputation closes the saved
 * inputs as it goes, whatever the number of layers.
 */
class LayerLoopTest {
  @TempDir Path tmp;

  @Test
  void eachLayersIntermediatesAreFreedWhenTheLayerIsDone() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp, 11)) {
      Qwen25VlModel model = vlm.model();
      List<DecoderLayer> layers = model.text().layers();
      assertTrue(layers.size() >= 2, "the tiny model has several layers");
      ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
      try (NDManager m = vlm.newManager(); NDManager caches = vlm.newManager()) {
        NDArray x = GradMode.off(() -> model.promptEmbeddings(m, in, false)); // [1, T, H]
        MRope.Tables rope = model.text().rope().tables(m, in.positions(), x.getDataType());
        int before = m.getManagedArrays().size();

        NDArray out = LayerLoop.forward(layers, x, rope, new KvCache(caches, layers.size()), true, false, null, m);
        assertEquals(before + 1, m.getManagedArrays().size(), "a forward pass keeps its output only");
        assertEquals(x.getShape(), out.getShape());

        List<NDArray> saved = new ArrayList<>();
        NDArray again = LayerLoop.forward(layers, x, rope, new KvCache(caches, layers.size()), true, false, saved, m);
        assertEquals(layers.size(), saved.size());
        assertTrue(saved.get(0) == x, "layer 0's input is the caller's array, not a copy");
        // the first output, the second, and the inputs of layers 1..n-1
        assertEquals(before + 2 + layers.size() - 1, m.getManagedArrays().size(), "plus each layer's input");
        assertEquals(0, TinyCheckpoints.maxDiff(out.toFloatArray(), again.toFloatArray()));

        List<NDArray[]> noKvGrads = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
          noKvGrads.add(new NDArray[2]);
        }
        NDArray g;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          g = LayerLoop.backward(layers, saved, 0, again.onesLike(), rope, null, noKvGrads, false, gc, m);
        }
        for (NDArray s : saved) {
          assertTrue(s.isReleased(), "backward closes each saved input once its layer is done");
        }
        assertEquals(x.getShape(), g.getShape());
        // out, again and the gradient of layer 0's input; the saved inputs (x among them) and each upstream are gone
        assertEquals(before + 2, m.getManagedArrays().size(), "nothing of the recomputed layers is left");
      }
    }
  }
}
