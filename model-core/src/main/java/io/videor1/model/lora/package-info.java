/**
 * LoRA adapters in PEFTs layout (attach, merge, save, load) and the choice of trainable parameters (freezing by
 * module name, or adapters only). A driver that trains only adapters holds their values as arrays ({@link
 * io.videor1.model.lora.LoraAdapter#initialWeights}) and writes the merged model from the base's files tensor by tensor
 * ({@link io.videor1.model.lora.MergedExport}).
 */
package io.videor1.model.lora;
