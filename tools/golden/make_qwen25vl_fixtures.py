#!/usr/bin/env python3
"""Golden fixtures for model-core's Qwen2.5-VL parity test, produced by Hugging Face transformers.

Builds a tiny random Qwen2.5-VL (tools/golden/qwen25vl_tiny_config.json, the shape of ModelPresets.tiny()) with a
fixed seed, a byte-level BPE tokenizer with Qwen's special tokens from id 256 (the same file layout the Java
ByteTokenizerFiles writes), runs the transformers processor and model on a video-and-text prompt and an image-and-text
prompt, and writes everything the Java test compares into OUT (default
../shared/testdata/golden/qwen25vl-tiny/, where model-core's FixtureParityTest reads them):

  config.json, model.safetensors, tokenizer.json, tokenizer_config.json, preprocessor_config.json
                                 the checkpoint, as save_pretrained writes it (float32)
  fixtures.safetensors           inputs and outputs, per case c in {video, image}:
                                   c.pixels (uint8 [n, h, w, 3]), c.input_ids (int64 [T]),
                                   c.pixel_values (float32 [N, 1176]), c.grid_thw (int64 [1, 3]),
                                   c.position_ids (int64 [3, T]), c.rope_delta (int64 [1]),
                                   c.logits (float32 [T, V]), c.greedy (int64 [K])
  fixtures.json                  prompts, seconds per grid, versions, seed

Needs torch, transformers >= 4.49 (Qwen2.5-VL), safetensors and numpy. Deterministic on CPU:
  python3 tools/golden/make_qwen25vl_fixtures.py [--out DIR] [--seed 1234]
Every file stays well under 1 MB. Nothing here is imported by the Java build; the test skips only where ../shared is
absent.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import transformers
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(os.path.dirname(ROOT), "shared", "testdata", "golden", "qwen25vl-tiny")

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
            "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>",
            "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"]
BASE = 256
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
               r"\s*[\r\n]+|\s+(?!\S)|\s+")
CHAT_TEMPLATE = (
    "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
    "{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}"
    "<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in "
    "content or 'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}"
    "Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] "
    "== 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}"
    "Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content "
    "%}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}"
    "<|im_start|>assistant\n{% endif %}")
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
VIDEO_PROMPT = ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>"
                "<|video_pad|><|vision_end|>What happens after the door opens? Answer briefly.<|im_end|>\n"
                "<|im_start|>assistant\n")
IMAGE_PROMPT = ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>"
                "<|image_pad|><|vision_end|>Describe the image.<|im_end|>\n<|im_start|>assistant\n")


def byte_alphabet():
    """GPT-2's byte -> printable character map."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    out, extra = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + extra)
            extra += 1
    return out


def write_tokenizer(out):
    alphabet = byte_alphabet()
    vocab = {alphabet[b]: b for b in range(256)}
    level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": BASE + i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, s in enumerate(SPECIALS)],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN2_SPLIT}, "behavior": "Isolated", "invert": False}, level]},
        "post_processor": level, "decoder": level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": []},
    }
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    cfg = {
        "add_prefix_space": False,
        "added_tokens_decoder": {str(BASE + i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False,
                                                 "single_word": False, "special": True}
                                 for i, s in enumerate(SPECIALS)},
        "bos_token": None, "chat_template": CHAT_TEMPLATE, "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>", "errors": "replace", "model_max_length": 131072, "pad_token": "<|endoftext|>",
        "split_special_tokens": False, "tokenizer_class": "Qwen2Tokenizer", "unk_token": None,
    }
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=2)
    pre = {"image_mean": MEAN, "image_std": STD, "rescale_factor": 1 / 255, "patch_size": 14,
           "temporal_patch_size": 2, "merge_size": 2, "min_pixels": 3136, "max_pixels": 12845056,
           "image_processor_type": "Qwen2VLImageProcessor", "processor_class": "Qwen2_5_VLProcessor",
           "do_normalize": True, "do_rescale": True, "do_resize": True, "do_convert_rgb": True}
    with open(os.path.join(out, "preprocessor_config.json"), "w", encoding="utf-8") as f:
        json.dump(pre, f, indent=2)


def build_processor(out):
    from transformers import PreTrainedTokenizerFast, Qwen2VLImageProcessor
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=os.path.join(out, "tokenizer.json"), eos_token="<|im_end|>",
                                        pad_token="<|endoftext|>")
    kw = dict(do_resize=False, image_mean=MEAN, image_std=STD, patch_size=14, temporal_patch_size=2, merge_size=2)
    image_processor = Qwen2VLImageProcessor(**kw)
    video_processor = None
    try:  # transformers >= 4.52 has a separate video processor
        from transformers import Qwen2VLVideoProcessor
        video_processor = Qwen2VLVideoProcessor(**kw)
    except ImportError:
        pass
    from transformers import Qwen2_5_VLProcessor
    if video_processor is None:
        return Qwen2_5_VLProcessor(image_processor=image_processor, tokenizer=tokenizer), tokenizer
    return Qwen2_5_VLProcessor(image_processor=image_processor, tokenizer=tokenizer,
                               video_processor=video_processor), tokenizer


def rope_index(model, inputs):
    holder = model.model if hasattr(model.model, "get_rope_index") else model
    return holder.get_rope_index(inputs["input_ids"], inputs.get("image_grid_thw"), inputs.get("video_grid_thw"),
                                 second_per_grid_ts=inputs.get("second_per_grid_ts"),
                                 attention_mask=inputs["attention_mask"])


def run_case(name, model, processor, prompt, pixels, video, tensors, meta, greedy_tokens, eos, pad):
    if video:
        inputs = processor(text=[prompt], videos=[pixels], fps=2.0, return_tensors="pt")
        pv, grid = inputs["pixel_values_videos"], inputs["video_grid_thw"]
    else:
        inputs = processor(text=[prompt], images=[pixels[0]], return_tensors="pt")
        pv, grid = inputs["pixel_values"], inputs["image_grid_thw"]
    with torch.no_grad():
        pos, delta = rope_index(model, inputs)
        logits = model(**inputs).logits[0].float()
        gen = model.generate(**inputs, max_new_tokens=greedy_tokens, do_sample=False, eos_token_id=eos,
                             pad_token_id=pad)
    new = gen[0, inputs["input_ids"].shape[1]:]
    tensors[name + ".pixels"] = torch.from_numpy(pixels.copy())
    tensors[name + ".input_ids"] = inputs["input_ids"][0].to(torch.int64)
    tensors[name + ".pixel_values"] = pv.float().contiguous()
    tensors[name + ".grid_thw"] = grid.to(torch.int64)
    tensors[name + ".position_ids"] = pos[:, 0, :].to(torch.int64).contiguous()
    tensors[name + ".rope_delta"] = delta.reshape(-1).to(torch.int64)
    tensors[name + ".logits"] = logits.contiguous()
    tensors[name + ".greedy"] = new.to(torch.int64).contiguous()
    meta[name] = {"prompt": prompt, "video": video, "fps": 2.0 if video else None,
                  "second_per_grid_ts": [float(x) for x in inputs.get("second_per_grid_ts", [])],
                  "greedy_max_new_tokens": greedy_tokens}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.RandomState(args.seed)

    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration
    with open(os.path.join(HERE, "qwen25vl_tiny_config.json")) as f:
        config = Qwen2_5_VLConfig(**json.load(f))
    config._attn_implementation = "eager"
    model = Qwen2_5_VLForConditionalGeneration(config).float().eval()
    model.save_pretrained(args.out, safe_serialization=True)
    write_tokenizer(args.out)
    processor, _ = build_processor(args.out)

    tensors, meta = {}, {}
    video = rng.randint(0, 256, size=(4, 56, 84, 3), dtype=np.uint8)  # 4 frames → grid (2, 4, 6)
    image = rng.randint(0, 256, size=(1, 56, 56, 3), dtype=np.uint8)  # grid (1, 4, 4)
    run_case("video", model, processor, VIDEO_PROMPT, video, True, tensors, meta, 8, 258, 256)
    run_case("image", model, processor, IMAGE_PROMPT, image, False, tensors, meta, 8, 258, 256)
    save_file(tensors, os.path.join(args.out, "fixtures.safetensors"), metadata={"format": "pt"})
    meta.update({"seed": args.seed, "transformers": transformers.__version__, "torch": torch.__version__,
                 "python": sys.version.split()[0], "attn_implementation": "eager", "dtype": "float32"})
    with open(os.path.join(args.out, "fixtures.json"), "w") as f:
        json.dump(meta, f, indent=2)
    for name in sorted(os.listdir(args.out)):
        size = os.path.getsize(os.path.join(args.out, name))
        print(f"{name:32s} {size:9d} bytes")
        if size > 1_000_000:
            sys.exit(f"{name} is larger than 1 MB")


if __name__ == "__main__":
    main()
