/**
 * The Qwen2.5-VL processor: curated frames and images → normalised patches in transformers order, prompt tokens with
 * expanded vision placeholders, and M-RoPE positions with absolute-time alignment ({@code get_rope_index}).
 */
package io.videor1.model.preprocess;
