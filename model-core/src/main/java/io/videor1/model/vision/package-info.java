/**
 * The Qwen2.5-VL vision tower ({@code visual.*}): patch embedding, 2-D rotary embedding, window attention with
 * full-attention blocks, and the 2×2 patch merger; {@link io.videor1.model.vision.WindowPlan} is the window partition
 * in pure Java.
 */
package io.videor1.model.vision;
