/**
 * A Qwen2.5-VL-compatible vision-language model on DJL (PyTorch engine) for Video-R1: Hugging Face checkpoints in and
 * out, preprocessing, batched generation with a shared prompt cache, teacher-forced log-probs with autograd, and LoRA.
 *
 * <p>{@link io.videor1.model.VisionLanguageModel} is the entry point the trainer uses; {@link
 * io.videor1.model.block.Qwen25VlModel} is the DJL block and {@link io.videor1.model.block.ModelWeights} moves
 * weights between checkpoints and the block. No Spark imports; see {@code docs/model.md}.
 */
package io.videor1.model;
