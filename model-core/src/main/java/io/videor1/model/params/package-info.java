/**
 * Parameters and gradients as Java values by Hugging Face name: float arrays, flat arrays with a layout, and in-memory
 * safetensors bytes for broadcasting and aggregation.
 */
package io.videor1.model.params;
