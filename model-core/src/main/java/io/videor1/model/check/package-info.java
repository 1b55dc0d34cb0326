/**
 * Validation of untrusted checkpoint folders before anything is allocated: config.json field by field, safetensors
 * headers against the shapes the config implies, tokenizer and preprocessor files, LoRA adapters; a summary of what
 * passed for {@code videor1 inspect}.
 */
package io.videor1.model.check;
