/**
 * Model shapes: Hugging Face {@code config.json} and {@code preprocessor_config.json} as validated records (field names
 * kept in the Javadoc), and the named presets (tiny, mid, Qwen2.5-VL-3B, Qwen2.5-VL-7B).
 */
package io.videor1.model.config;
