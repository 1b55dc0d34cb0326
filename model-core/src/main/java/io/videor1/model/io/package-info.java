/**
 * The safetensors format in Java, without pickle: a reader that reads tensors by ranges, a writer that streams them
 * and reproduces the reference layout byte for byte, and Hugging Face checkpoint directories (single file or sharded
 * with an index). Byte counts are {@code long} everywhere; no tensor or file has to fit one Java buffer.
 */
package io.videor1.model.io;
