#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript): prints the GPUs this host
# gives Spark as {"name":"gpu","addresses":["0","1",...]}. Honours CUDA_VISIBLE_DEVICES when a scheduler set it.
set -euo pipefail
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" && "${CUDA_VISIBLE_DEVICES}" != "NoDevFiles" ]]; then
  ids="${CUDA_VISIBLE_DEVICES}"
elif command -v nvidia-smi >/dev/null 2>&1; then
  ids="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)"
else
  ids=""
fi
printf '{"name":"gpu","addresses":['
first=1
IFS=',' read -ra list <<< "$ids"
for i in "${list[@]}"; do
  [[ -z "$i" ]] && continue
  if ((first)); then first=0; else printf ','; fi
  printf '"%s"' "$i"
done
printf ']}\n'
