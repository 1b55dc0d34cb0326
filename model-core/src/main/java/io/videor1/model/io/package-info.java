/**
 * The safetensors format in Java, without pickle: a reader that memory-maps tensors, a writer that reproduces the
 * reference layout byte for byte, and Hugging Face checkpoint directories (single file or sharded with an index).
 */
package io.videor1.model.io;
