/**
 * The Qwen2 decoder ({@code model.*}): grouped-query attention with q/k/v biases, multimodal rotary embedding
 * (M-RoPE), SwiGLU MLP, RMSNorm, and the segmented KV cache that lets G samples share one prompt prefill.
 */
package io.videor1.model.text;
