package io.videor1.model.io;

import ai.djl.ndarray.types.DataType;

/** The element types of the safetensors format that model checkpoints use, with their DJL counterparts. */
public enum SafeDType {
  F64(8, DataType.FLOAT64),
  F32(4, DataType.FLOAT32),
  F16(2, DataType.FLOAT16),
  BF16(2, DataType.BFLOAT16),
  I64(8, DataType.INT64),
  I32(4, DataType.INT32),
  I16(2, DataType.INT16),
  I8(1, DataType.INT8),
  U8(1, DataType.UINT8),
  BOOL(1, DataType.BOOLEAN);

  private final int size;
  private final DataType djl;

  SafeDType(int size, DataType djl) {
    this.size = size;
    this.djl = djl;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** The DJL data type. */
  public DataType djl() {
    return djl;
  }

  /** True for F64, F32, F16 and BF16. */
  public boolean isFloat() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The safetensors type of a DJL data type. */
  public static SafeDType of(DataType type) {
    for (SafeDType d : values()) {
      if (d.djl == type) {
        return d;
      }
    }
    throw new IllegalArgumentException("no safetensors dtype for " + type);
  }

  /** The safetensors type for a Hugging Face {@code torch_dtype} name ("bfloat16", "float16", "float32"). */
  public static SafeDType ofTorchName(String torchDtype) {
    return switch (torchDtype) {
      case "bfloat16", "bf16" -> BF16;
      case "float16", "fp16", "half" -> F16;
      case "float32", "fp32", "float" -> F32;
      default -> throw new IllegalArgumentException("unsupported torch_dtype " + torchDtype);
    };
  }

  /** The Hugging Face {@code torch_dtype} name of a float type. */
  public String torchName() {
    return switch (this) {
      case BF16 -> "bfloat16";
      case F16 -> "float16";
      case F32 -> "float32";
      case F64 -> "float64";
      default -> throw new IllegalStateException(this + " is not a float type");
    };
  }
}
