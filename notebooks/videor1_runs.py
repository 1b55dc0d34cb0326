"""Reads the output of ``videor1 train`` (and ``videor1 demo``) into pandas, for the notebooks beside this file.

A run directory holds ``run.json`` (the resolved configuration), ``metrics.jsonl`` (one JSON object per step) and the
rollout ledger, one row per sampled response, partitioned by step:

* ``ledger/step=N/*.parquet``: what Spark, pandas with pyarrow or fastparquet, DuckDB or Polars read;
* ``ledger-json/step=N/part-*.json``: the same rows as JSON lines, for a Python with pandas but no Parquet engine
  (Debian packages pandas, not pyarrow or fastparquet).

``load_ledger`` reads the Parquet ledger with ``pandas.read_parquet`` when an engine is importable, the JSON mirror
otherwise, and returns the same frame either way: the columns of ``RolloutLedger.SCHEMA`` after an integer ``step``
taken from the partition directory, rows in step order and, within a step, in the order the trainer wrote them
(each prompt's G ordered responses, then its shuffled ones).

The checks at the end (``group_table``, ``check_ledger``, ``check_metrics``) restate what the trainer computes
(spark-jobs ``GroupScoring``, model-core ``StepMetrics``), so a notebook can assert that what it plots is what the run
logged.
"""

import glob
import importlib.util
import json
import math
import os
import re

import numpy as np
import pandas as pd

# The ledger's columns and the pandas dtype each is read as, whichever file format it came from.
LEDGER_DTYPES = {
    "step": "int64",
    "weight_version": "int64",
    "prompt_id": "object",
    "problem_type": "object",
    "data_source": "object",
    "group_id": "object",
    "shuffled": "bool",
    "sample_index": "int64",
    "sampling_seed": "int64",
    "completion": "object",
    "completion_tokens": "int64",
    "finish_reason": "object",
    "accuracy": "float64",
    "format": "float64",
    "temporal_bonus": "float64",
    "length_bonus": "float64",
    "total_reward": "float64",
    "advantage": "float64",
    "failure": "object",
}

# The reward columns of a ledger row, in the order they are summed (total = accuracy + temporal + format + length).
REWARD_COMPONENTS = ["accuracy", "format", "temporal_bonus", "length_bonus", "total_reward"]

_STEP_DIR = re.compile(r"^step=(\d+)$")


def parquet_engine():
    """The Parquet engine pandas would use ("pyarrow" or "fastparquet"), or None when neither is installed."""
    for name in ("pyarrow", "fastparquet"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load_run_config(run_dir):
    """The resolved training configuration of a run: the ``config`` object of ``RUN/run.json``."""
    with open(os.path.join(run_dir, "run.json"), encoding="utf-8") as f:
        return json.load(f)["config"]


def load_metrics(run_dir):
    """``RUN/metrics.jsonl`` as a frame, one row per step; ``seconds`` becomes ``seconds.<stage>`` columns.

    Values the trainer could not compute (no trained group, no shuffled completions) are null in the file and NaN
    here.
    """
    path = os.path.join(run_dir, "metrics.jsonl")
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if not lines:
        raise ValueError(f"{path} holds no steps")
    metrics = pd.json_normalize(lines)
    return metrics.sort_values("step", kind="mergesort").reset_index(drop=True)


def ledger_steps(run_dir, table="ledger"):
    """The steps present in ``RUN/<table>`` (``ledger`` or ``ledger-json``), from its ``step=N`` directories."""
    root = os.path.join(run_dir, table)
    if not os.path.isdir(root):
        return []
    return sorted(int(m.group(1)) for m in (_STEP_DIR.match(d) for d in os.listdir(root)) if m)


def load_ledger(run_dir, source="auto"):
    """The rollout ledger of a run as one frame.

    ``source`` is "parquet" (``pandas.read_parquet("RUN/ledger")``, needs pyarrow or fastparquet), "json" (the
    JSON-lines mirror ``RUN/ledger-json``) or "auto": Parquet when an engine is installed, else the mirror.
    """
    if source == "auto":
        source = "parquet" if parquet_engine() else "json"
    if source == "parquet":
        root = os.path.join(run_dir, "ledger")
        if not ledger_steps(run_dir, "ledger"):
            raise FileNotFoundError(f"no ledger steps under {root}: is {run_dir} a videor1 train run directory?")
        ledger = pd.read_parquet(root)
        # Hive partitioning gives step as a category of the directory names' values; make it a plain integer.
        ledger["step"] = ledger["step"].astype(str).astype("int64")
    elif source == "json":
        ledger = _read_json_mirror(run_dir)
    else:
        raise ValueError(f"source must be 'auto', 'parquet' or 'json' (got {source!r})")
    return _normalise(ledger)


def _read_json_mirror(run_dir):
    root = os.path.join(run_dir, "ledger-json")
    steps = ledger_steps(run_dir, "ledger-json")
    if not steps:
        hint = ""
        if ledger_steps(run_dir, "ledger"):
            hint = (" The run has a Parquet ledger but no JSON mirror (written by videor1 since the notebooks came):"
                    " install pyarrow, or re-run the training.")
        raise FileNotFoundError(f"no ledger steps under {root}.{hint}")
    frames = []
    for step in steps:
        parts = sorted(glob.glob(os.path.join(root, f"step={step}", "part-*.json")))
        rows = []
        for part in parts:
            with open(part, encoding="utf-8") as f:
                rows.extend(json.loads(line) for line in f if line.strip())
        frame = pd.DataFrame.from_records(rows, columns=[c for c in LEDGER_DTYPES if c != "step"])
        frame.insert(0, "step", step)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _normalise(ledger):
    missing = [c for c in LEDGER_DTYPES if c not in ledger.columns]
    if missing:
        raise ValueError(f"the ledger lacks the columns {missing}")
    ledger = ledger[list(LEDGER_DTYPES)].astype(LEDGER_DTYPES)
    # Null strings are None whichever reader produced them (pyarrow may give NaN in object columns).
    for c, t in LEDGER_DTYPES.items():
        if t == "object":
            ledger[c] = ledger[c].where(ledger[c].notna(), None)
    return ledger.sort_values("step", kind="mergesort").reset_index(drop=True)


def algorithm(config):
    """"T-GRPO" when the run's temporal objective was on, else "GRPO"."""
    return "T-GRPO" if config["rl"]["temporal"] else "GRPO"


def prompts_per_step(config):
    """Prompts per optimizer step: B x rollout rounds (runs written before rollout rounds have one round)."""
    return config["promptsPerStep"] * config.get("rolloutsPerUpdate", 1)


def num_shuffled(config):
    """G̃: responses on shuffled frames per video prompt (0 when the temporal objective is off)."""
    rl = config["rl"]
    return math.floor(config["numGenerations"] * rl["shuffledShare"]) if rl["temporal"] else 0


def scored(ledger):
    """The rows of responses that were generated and scored (failed prompts leave one row with a failure)."""
    return ledger[ledger["failure"].isna()]


def ordered(ledger):
    """The scored responses on ordered frames: the ones trained on and counted in the step metrics."""
    s = scored(ledger)
    return s[~s["shuffled"]]


def shuffled(ledger):
    """The scored responses on shuffled frames: only compared, never trained on."""
    s = scored(ledger)
    return s[s["shuffled"]]


def step_windows(steps, count):
    """Splits the sorted steps into at most ``count`` consecutive windows: a map step -> label "steps a-b"."""
    steps = sorted(set(int(s) for s in steps))
    labels = {}
    for chunk in np.array_split(np.array(steps), min(count, len(steps))):
        lo, hi = int(chunk[0]), int(chunk[-1])
        for s in chunk:
            labels[int(s)] = f"steps {lo}-{hi}" if lo != hi else f"step {lo}"
    return labels


def group_table(ledger, config):
    """One row per scored group (prompt of a step), with what the trainer derives from it.

    Columns: step, group_id, prompt_id, problem_type, data_source, n (G ordered responses), p (mean ordered
    accuracy), n_shuffled, p_shuffled (NaN without shuffled responses), reward_mean, reward_std (unbiased, 0 for one
    response), zero_std, all_correct (every total >= 2), all_wrong (every total <= 1), video (has shuffled responses),
    win (p >= mu * p_shuffled, video groups only), indicator (the reference's temporal_rewards: 1/0 for video groups
    under T-GRPO, 0.5 otherwise), advantage_sum.
    """
    mu = config["rl"]["temporalMu"]
    o = ordered(ledger)
    sh = shuffled(ledger).groupby("group_id")["accuracy"].agg(["size", "mean"])
    rows = []
    for gid, g in o.groupby("group_id", sort=False):
        r = g["total_reward"].to_numpy()
        n_sh = int(sh["size"].get(gid, 0))
        p = float(g["accuracy"].mean())
        p_sh = float(sh["mean"][gid]) if n_sh else float("nan")
        video = n_sh > 0
        win = bool(video and p >= mu * p_sh)
        rows.append({
            "step": int(g["step"].iloc[0]),
            "group_id": gid,
            "prompt_id": g["prompt_id"].iloc[0],
            "problem_type": g["problem_type"].iloc[0],
            "data_source": g["data_source"].iloc[0],
            "n": len(g),
            "p": p,
            "n_shuffled": n_sh,
            "p_shuffled": p_sh,
            "reward_mean": float(r.mean()),
            "reward_std": float(r.std(ddof=1)) if len(r) > 1 else 0.0,
            "zero_std": bool((r == r[0]).all()),
            "all_correct": bool((r >= 2).all()),
            "all_wrong": bool((r <= 1).all()),
            "video": video,
            "win": win,
            "indicator": (1.0 if win else 0.0) if (config["rl"]["temporal"] and video) else 0.5,
            "advantage_sum": float(g["advantage"].sum()),
        })
    return pd.DataFrame(rows, columns=["step", "group_id", "prompt_id", "problem_type", "data_source", "n", "p",
                                       "n_shuffled", "p_shuffled", "reward_mean", "reward_std", "zero_std",
                                       "all_correct", "all_wrong", "video", "win", "indicator", "advantage_sum"])


def reward_bounds(config):
    """(low, high) of each reward column: accuracy and format in [0, 1], the bonuses 0 or their value."""
    rl = config["rl"]
    alpha = rl["temporalAlpha"] if rl["temporal"] else 0.0
    length = rl["lengthBonus"] if rl["lengthControl"] else 0.0
    return {
        "accuracy": (0.0, 1.0),
        "format": (0.0, 1.0),
        "temporal_bonus": (0.0, alpha),
        "length_bonus": (0.0, length),
        "total_reward": (0.0, 2.0 + alpha + length),
    }


def check_ledger(ledger, config, metrics):
    """Asserts the ledger's shape against the run's configuration and metrics; returns a per-step summary.

    Every step of metrics.jsonl has ledger rows and no other step does; each step holds B x rounds prompts; each
    scored prompt has G ordered responses and either none or G̃ shuffled ones (G̃ = floor(G x shuffled share) under
    T-GRPO, 0 under GRPO; images get none); a failed prompt has one failure row. So a step has
    B x G + (video prompts) x G̃ rows when nothing failed: B x (G + G̃) for an all-video T-GRPO run, B x G for GRPO.
    """
    G, Gs, B = config["numGenerations"], num_shuffled(config), prompts_per_step(config)
    steps = sorted(ledger["step"].unique().tolist())
    assert steps == metrics["step"].tolist(), f"ledger steps {steps} != metrics.jsonl steps {metrics['step'].tolist()}"
    rows = []
    for step, s in ledger.groupby("step"):
        failed = s[s["failure"].notna()]
        ok = s[s["failure"].isna()]
        per_group = ok.groupby("group_id")["shuffled"].agg(ordered=lambda x: int((~x).sum()), shuffled="sum")
        assert len(per_group) + len(failed) == B, f"step {step}: {len(per_group)} scored + {len(failed)} failed != B={B}"
        assert (per_group["ordered"] == G).all(), f"step {step}: ordered responses per group {per_group['ordered'].tolist()} != G={G}"
        assert per_group["shuffled"].isin([0, Gs]).all(), f"step {step}: shuffled per group {per_group['shuffled'].tolist()} not 0 or {Gs}"
        video = int((per_group["shuffled"] == Gs).sum()) if Gs else 0
        expected = len(per_group) * G + video * Gs + len(failed)
        assert len(s) == expected, f"step {step}: {len(s)} rows != {len(per_group)} x {G} + {video} x {Gs} + {len(failed)}"
        assert (s["weight_version"] == step - 1).all(), f"step {step}: rows not sampled with weights version {step - 1}"
        rows.append({"step": step, "rows": len(s), "groups": len(per_group), "video_groups": video,
                     "failed_prompts": len(failed), "expected_rows": expected})
    summary = pd.DataFrame(rows)
    m = metrics.set_index("step")
    assert (summary["groups"].to_numpy() == m["groups"].to_numpy()).all(), "scored groups per step != metrics 'groups'"
    assert (summary["failed_prompts"].to_numpy() == m["failed_prompts"].to_numpy()).all(), "failures != metrics"
    return summary


def check_metrics(ledger, config, metrics, tol=1e-9):
    """Asserts that the step metrics the trainer logged are those recomputed from the ledger (within ``tol``).

    Returns the recomputed values, one row per step (same column names as metrics.jsonl).
    """
    groups = group_table(ledger, config)
    o = ordered(ledger)
    sh = shuffled(ledger)
    rows = []
    for step in metrics["step"]:
        os_ = o[o["step"] == step]
        g = groups[groups["step"] == step]
        vid = g[g["video"]]
        acc = os_["accuracy"]
        rows.append({
            "step": step,
            "completions": len(os_),
            "accuracy": acc.mean(),
            "accuracy_std": acc.std(ddof=1) if len(acc) > 1 else 0.0,
            "format": os_["format"].mean(),
            "temporal_bonus": os_["temporal_bonus"].mean(),
            "length_bonus": os_["length_bonus"].mean(),
            "reward": os_["total_reward"].mean(),
            "reward_std": os_["total_reward"].std(ddof=1) if len(os_) > 1 else 0.0,
            "group_reward_std": g["reward_std"].mean(),
            "all_correct": g["all_correct"].mean(),
            "all_wrong": g["all_wrong"].mean(),
            "zero_std": g["zero_std"].mean(),
            "video_groups": len(vid),
            "temporal_win_rate": vid["win"].mean() if len(vid) else float("nan"),
            "temporal_rewards": g["indicator"].mean(),
            "completion_length": os_["completion_tokens"].mean(),
            "completion_length_max": os_["completion_tokens"].max(),
            "shuffled_accuracy": sh[sh["step"] == step]["accuracy"].mean(),
        })
    recomputed = pd.DataFrame(rows)
    for col in recomputed.columns:
        if col == "step" or col not in metrics.columns:
            continue
        a = recomputed[col].to_numpy(dtype=float)
        b = metrics[col].to_numpy(dtype=float)
        same = (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= tol)
        assert same.all(), f"metrics '{col}' {b.tolist()} != ledger {a.tolist()}"
    return recomputed


def histogram_counts(values, low, high, bins):
    """np.histogram over [low, high] after asserting every value lies inside it, so the counts sum to len(values)."""
    values = np.asarray(values, dtype=float)
    assert np.all((values >= low - 1e-12) & (values <= high + 1e-12)), \
        f"values outside [{low}, {high}]: {values[(values < low) | (values > high)][:5]}"
    if high <= low:
        high = low + 1.0  # a component that is always 0 (bonus off): one bin holds every value
    counts, edges = np.histogram(np.clip(values, low, high), bins=bins, range=(low, high))
    assert counts.sum() == len(values), f"histogram holds {counts.sum()} of {len(values)} values"
    return counts, edges
