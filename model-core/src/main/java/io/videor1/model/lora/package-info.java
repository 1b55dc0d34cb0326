/**
 * LoRA adapters in PEFTs layout (attach, merge, save, load) and the choice of trainable parameters (freezing by
 * module name, or adapters only).
 */
package io.videor1.model.lora;
