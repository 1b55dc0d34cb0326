/**
 * Building blocks shared by the vision tower and the decoder: {@link io.videor1.model.nn.HfBlock} (DJL blocks whose
 * parameters carry Hugging Face names), linear layers with optional LoRA, RMSNorm, SwiGLU, rotary embedding, and
 * attention over key/value segments.
 */
package io.videor1.model.nn;
