package io.videor1.train.step;

/** One chunk of one named tensor (a Hugging Face parameter name) in a sharded gradient. */
public record ShardKey(String tensor, int chunk) implements StepKey, Comparable<ShardKey> {
  @Override
  public int compareTo(ShardKey o) {
    int c = tensor.compareTo(o.tensor);
    return c != 0 ? c : Integer.compare(chunk, o.chunk);
  }
}
