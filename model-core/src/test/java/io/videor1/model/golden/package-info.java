/**
 * Parity with Hugging Face transformers' Qwen2.5-VL on golden values it computed ({@code ../shared/testdata/golden}):
 * the cases and their inputs, the Java side's outputs under the golden keys, and a comparison that checks shapes,
 * lengths, floats within 1e-4 and integers exactly.
 */
package io.videor1.model.golden;
