/**
 * {@code videor1 inspect} and the driver-side checkpoint check of train, sft and eval: a checkpoint on any Hadoop
 * FileSystem validated from its JSON files and safetensors headers, reported as text or JSON.
 */
package io.videor1.inspect;
