#!/usr/bin/env bash
# GRPO on the scratchpad model for lecture 10, into models/grpo/:
#   add-cot-grpo.{safetensors,json}    models/add-cot after 300 GRPO steps on 4-digit sums
#                                      (G = 8, 8 prompts, lr 3e-5, μ = 2, β = 0.04, T = 0.7,
#                                      reward: exact answer + 0.1 for the format); the JSON
#                                      holds every step's log
#   add-cot-hacked.{safetensors,json}  the same start trained 150 steps on the gameable
#                                      last-digit reward; its JSON also holds the G and β
#                                      ablations (150 steps each, logs and held-out accuracy)
# Two processes, each single-threaded and seeded; ~6 CPU-minutes in all. CI does not retrain:
# the files are committed and the lecture evaluates them.
#
#   bash scripts/train-grpo.sh
source "$(dirname "$0")/training-prelude.sh"
cat > "$work/common.wh" <<'WHITTLE'
set_threads(1)
let command = "bash scripts/train-grpo.sh"
let base = load_lm("models/add-cot")
fn run_grpo(steps, group, beta, reward) {
  let m = copy_model(base)
  let logs = grpo(m, steps: steps, group: group, prompts: 8, lr: 3e-5, mu: 2, beta: beta, temperature: 0.7,
                  reward: reward, digits: [4, 4], seed: 11)
  {model: m, logs: logs, held_out: eval_arithmetic(m, digits: 4, n: 200), three_digit: eval_arithmetic(m, digits: 3, n: 200)}
}
fn settings(steps, group, beta, reward) {
  {steps: steps, group: group, prompts: 8, lr: 3e-5, mu: 2, beta: beta, temperature: 0.7, reward: reward, digits: [4, 4],
   seed: 11, clip: 0.2, normalization: "sequence"}
}
WHITTLE
cat > "$work/main.wh" <<'WHITTLE'
let r = run_grpo(300, 8, 0.04, "exact_format")
save_lm(r.model, "models/grpo/add-cot-grpo", manifest: {command: command, base: "models/add-cot", settings: settings(300, 8, 0.04, "exact_format"),
  held_out_4_digit: r.held_out, held_out_3_digit: r.three_digit, logs: r.logs})
print("grpo: 4-digit {r.held_out}, 3-digit {r.three_digit}")
WHITTLE
cat > "$work/ablations.wh" <<'WHITTLE'
var ablations = []
for cfg in [[4, 0.04], [16, 0.04], [8, 0], [8, 0.2]] {
  let r = run_grpo(150, cfg[0], cfg[1], "exact_format")
  ablations = ablations + [{group: cfg[0], beta: cfg[1], held_out_4_digit: r.held_out, logs: r.logs}]
  print("G = {cfg[0]}, β = {cfg[1]}: {r.held_out}")
}
let h = run_grpo(150, 8, 0.04, "last_digit")
save_lm(h.model, "models/grpo/add-cot-hacked", manifest: {command: command, base: "models/add-cot", settings: settings(150, 8, 0.04, "last_digit"),
  held_out_4_digit: h.held_out, held_out_3_digit: h.three_digit, logs: h.logs, ablations: ablations})
print("hacked: 4-digit {h.held_out}")
WHITTLE
run() { cat "$work/common.wh" "$work/$1.wh" > "$work/$1-full.wh"; "$work/whittle" run "$work/$1-full.wh"; }
run main &
run ablations &
wait
ls -l models/grpo/
