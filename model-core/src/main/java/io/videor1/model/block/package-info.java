/**
 * The Qwen2.5-VL network as one DJL block: {@link io.videor1.model.block.Qwen25VlModel} joins the vision tower, the
 * text decoder and {@code lm_head}; {@link io.videor1.model.block.ModelWeights} moves its weights between Hugging Face
 * checkpoints and the block's parameters.
 *
 * <p>Its own package so that generation, log-probs, LoRA and the checks can use the block while the entry point
 * {@code VisionLanguageModel} uses them, with no import cycle.
 */
package io.videor1.model.block;
