/**
 * The Qwen2 decoder ({@code model.*}): grouped-query attention with q/k/v biases, multimodal rotary embedding
 * (M-RoPE), SwiGLU MLP, RMSNorm, and the KV caches: a prompt's prefill ({@link io.videor1.model.text.KvCache}), shared with
 * no copy by its G samples, whose own keys go to buffers written in place ({@link io.videor1.model.text.GroupCache});
 * several prompts' groups decode together through {@link io.videor1.model.text.BatchCache}.
 */
package io.videor1.model.text;
