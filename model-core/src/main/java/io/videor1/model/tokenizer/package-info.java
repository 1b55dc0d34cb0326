/**
 * Text in and out: the Qwen2 tokenizer through DJL (offline, no truncation or padding), the Qwen2.5-VL chat template,
 * Video-R1s prompt templates (spec §2), and the byte-level tokenizer files of the tiny and mid presets.
 */
package io.videor1.model.tokenizer;
