/**
 * Qwen2.5-VL visual preprocessing as Video-R1 configures it: how many frames to sample from a video, which ones, and
 * the size every frame or image is resized to (port of {@code qwen_vl_utils/vision_process.py}, spec §3).
 *
 * <p>Pure Java with Python's rounding semantics, so the frame indices and sizes are bit-identical to the reference.
 */
package io.videor1.vision;
