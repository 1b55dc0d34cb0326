import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs jlama 0.8.4 on a Hugging Face Qwen2 checkpoint for model-core's parity test and benchmark. jlama needs Java 20+
 * and the Vector API, so this file is launched in source mode by a newer JVM (see JlamaRunner), not compiled by Maven:
 *
 * <pre>java --add-modules jdk.incubator.vector -Djlama.force_panama_tensor_operations=true -cp CP JlamaHarness.java
 *   logits DIR OUT id,id,...          raw logits [T, V] (float32 little-endian), token by token through the KV cache
 *   bench DIR PROMPT NEW REPS         prefill of PROMPT ids, greedy decode of NEW tokens, best of REPS</pre>
 */
public final class JlamaHarness {
  public static void main(String[] args) throws Exception {
    AbstractModel m = ModelSupport.loadModel(new File(args[1]), DType.F32, DType.F32);
    int vocab = m.getConfig().vocabularySize;
    if (args[0].equals("logits")) {
      int[] ids = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
      ByteBuffer out = ByteBuffer.allocate(ids.length * vocab * 4).order(ByteOrder.LITTLE_ENDIAN);
      try (KvBufferCache cache = new KvBufferCache(m); AbstractTensor logits = m.makeDenseTensor(vocab)) {
        KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
        for (int t = 0; t < ids.length; t++) {
          AbstractTensor h = m.forward(ids[t], t, kv, Optional.empty());
          m.sample(h, 0.0f, 0.0f, logits);
          for (int i = 0; i < vocab; i++) {
            out.putFloat(logits.get(0, i));
          }
        }
      }
      Files.write(Path.of(args[2]), out.array());
      return;
    }
    int prompt = Integer.parseInt(args[2]);
    int fresh = Integer.parseInt(args[3]);
    int reps = Integer.parseInt(args[4]);
    int[] ids = new int[prompt];
    for (int i = 0; i < prompt; i++) {
      ids[i] = 32 + i % 90;
    }
    double bestPrefill = Double.MAX_VALUE;
    double bestDecode = Double.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      try (KvBufferCache cache = new KvBufferCache(m); AbstractTensor logits = m.makeDenseTensor(vocab)) {
        KvBufferCache.KvBuffer kv = cache.getEphemeralKvBuffer();
        long t0 = System.nanoTime();
        AbstractTensor hs = m.batchForward(ids, 0, kv);
        int next = m.sample(hs.slice(prompt - 1), 0.0f, 0.0f, logits);
        long t1 = System.nanoTime();
        for (int t = 0; t < fresh; t++) {
          AbstractTensor h = m.forward(next, prompt + t, kv, Optional.empty());
          next = m.sample(h, 0.0f, 0.0f, logits);
        }
        long t2 = System.nanoTime();
        bestPrefill = Math.min(bestPrefill, (t1 - t0) / 1e9);
        bestDecode = Math.min(bestDecode, (t2 - t1) / 1e9);
      }
    }
    System.out.printf("jlama prefill_tok_s=%.1f decode_tok_s=%.1f%n", prompt / bestPrefill, fresh / bestDecode);
  }
}
