#!/usr/bin/env bash
# Fine-tunes the scratchpad model models/add-cot to the "reversed" answer format (the sum written
# units first, "... A: 236" for 347+285) in every way lecture 08 compares, into models/peft/:
#   full.safetensors          every weight trained (a whole model, save_lm)
#   head.safetensors          only the tied embedding/head and the final norm (save_adapter)
#   lora-r1 … lora-r8         LoRA of rank 1, 2, 4, 8 on every matrix layer (save_adapter)
#   lora-qkv-r4               LoRA of rank 4 on the attention's qkv projections only
#   adapters-8                Houlsby adapters of bottleneck 8 after attention and MLP
#   qlora-r4                  LoRA rank 4 over an NF4 copy of the base
#   lora-qkv-r4-long          the qkv adapter with α = 8, trained 6000 steps
#   full.json                 the manifest: each run's settings, trainable weights and losses
# Each run is 1500 steps (the last 6000) of batch 16 on 1–3-digit sums (LMTraining.fineTuneArithmetic through
# finetune_lm), seeded; BLAS on one thread. ~15 CPU-minutes in all. CI does not retrain: the
# files are committed, and the lecture evaluates them.
#
#   bash scripts/train-peft.sh
source "$(dirname "$0")/training-prelude.sh"
cat > "$work/train-peft.wh" <<'WHITTLE'
set_threads(1)
let steps = 1500
let base = load_lm("models/add-cot")
var runs = []
fn run(name, model, lr, n = steps) {
  let curve = finetune_lm(model, format: "reversed", steps: n, batch: 16, lr: lr, every: 100, seed: 7)
  runs = runs + [{name: name, lr: lr, steps: n, batch: 16, trainable: model.trainable,
                  params: model.params, loss_every_100: curve}]
  print(name, model.trainable, curve[-1])
}
let full = copy_model(base)
run("full", full, 0.001)
let head = copy_model(base)
freeze(head, except: ["wte", "ln_f"])
run("head", head, 0.01)
save_adapter(head, "models/peft/head")
for r in [1, 2, 4, 8] {
  let m = lora(base, rank: r)
  run("lora-r" + str(r), m, 0.01)
  save_adapter(m, "models/peft/lora-r" + str(r))
}
let qkv = lora(base, rank: 4, targets: ["attn.qkv"])
run("lora-qkv-r4", qkv, 0.01)
save_adapter(qkv, "models/peft/lora-qkv-r4")
let ad = adapters(base, size: 8)
run("adapters-8", ad, 0.01)
save_adapter(ad, "models/peft/adapters-8")
let q = qlora(base, rank: 4)
run("qlora-r4", q, 0.01)
save_adapter(q, "models/peft/qlora-r4")
# The 2% adapter again, with α = 2r and four times the steps: how far fewer weights get with time.
let long = lora(base, rank: 4, alpha: 8, targets: ["attn.qkv"])
run("lora-qkv-r4-long", long, 0.01, 6000)
save_adapter(long, "models/peft/lora-qkv-r4-long")
save_lm(full, "models/peft/full", manifest: {command: "bash scripts/train-peft.sh", base: "models/add-cot",
  task: "reversed answer format, digits 1..3",
  optimizer: "AdamW(weight decay 0.01) over the trainable weights, warm-up 100 steps, cosine to 10%, clip 1.0",
  runs: runs})
WHITTLE
"$work/whittle" run "$work/train-peft.wh"
