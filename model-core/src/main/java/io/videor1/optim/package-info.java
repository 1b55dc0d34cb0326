/**
 * The driver's optimizer maths on named float arrays: AdamW with PyTorch's update order, Hugging Face's learning-rate
 * schedules and global-norm gradient clipping (spec §6: lr 1e-6, cosine, weight decay 0.01, clip 5).
 *
 * <p>Pure Java: the driver holds the trainable parameters and their moments as {@code float[]} shards and steps them
 * with the gradients the executors summed. {@link io.videor1.optim.OptimThreads} runs those loops over fixed chunks on
 * several threads ({@code optim.threads}) with the same bits as one thread.
 */
package io.videor1.optim;
