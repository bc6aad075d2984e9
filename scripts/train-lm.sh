#!/usr/bin/env bash
# Trains the three tiny arithmetic language models that lectures 05 and 06 load, into models/:
#   models/add-direct   answers at once          "Q: 347+285= A: 632"
#   models/add-cot      works digit by digit     "Q: 347+285= S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 632"
#   models/add-draft    a 1-layer, width-32 scratchpad model: the draft for speculative decoding
#   models/add-large    a 2-layer, width-256 scratchpad model: a target costly enough for
#                       speculative decoding to pay (lecture 06)
#   models/add-small    a 2-layer, width-64 scratchpad model trained longer: add-large's draft
#                       (16x fewer multiply-adds per token)
# Each is NAME.safetensors (parameters; config, answer format and vocabulary in its metadata)
# plus NAME.json (config, data, seed, steps, this command, final loss, greedy accuracy by digits).
#
#   bash scripts/train-lm.sh            # release build, then ~4 CPU-minutes per model (add-large ~10)
#   bash scripts/train-lm.sh add-large  # only the named models
#
# Everything is seeded (problem stream, initialisation, batch order) and BLAS runs on one
# thread, so the same toolchain and machine give the same files. CI does not retrain: the
# checkpoints are committed. The training itself is LMTraining.trainArithmetic
# (Sources/LM/Training/LMTraining.swift), called through the language's train_arithmetic.
source "$(dirname "$0")/training-prelude.sh"
cat > "$work/train-lm.wh" <<'WHITTLE'
set_threads(1)
let command = "bash scripts/train-lm.sh"
let eval_seed = 1234
fn train_and_save(name, format, digits, steps, width, layers, heads, seed, lr) {
  let m = train_arithmetic(format: format, digits: digits, steps: steps, width: width, layers: layers,
                           heads: heads, context: 80, seed: seed, lr: lr)
  var accuracy = {}
  for d in 1...5 {
    accuracy[str(d)] = eval_arithmetic(m, digits: d, n: 200, seed: eval_seed)
  }
  let curve = m.loss_curve
  let manifest = {
    name: name, command: command, seed: seed, steps: steps, batch: 32, learning_rate: lr,
    config: m.config, parameters: m.params,
    data: {task: "addition of two operands with the same number of digits", format: format,
           digits: digits, alphabet: m.vocab, example: "Q: 347+285=" + solve(m, "347+285").completion},
    optimizer: m.manifest.optimizer, trainer: "LMTraining.trainArithmetic",
    final_loss: curve[len(curve) - 1], loss_curve_every_50: curve,
    greedy_accuracy_by_digits: accuracy,
    accuracy_note: "greedy, 200 random problems per digit count, eval_arithmetic(seed: {eval_seed}); trained on digits {digits[0]}..{digits[1]}"
  }
  save_lm(m, "models/" + name, manifest: manifest)
  print("{name}: {m.params} parameters, final loss {manifest.final_loss:.4f}, accuracy by digits {accuracy}")
}
WHITTLE
# One process per model (they are independent), each single-threaded and seeded.
run() { { cat "$work/train-lm.wh"; echo "$1"; } > "$work/$2.wh"; OPENBLAS_NUM_THREADS=1 "$work/whittle" run "$work/$2.wh"; }
declare -A models=(
  [add-direct]='train_and_save("add-direct", "direct", [1, 4], 1500, 64, 2, 4, 0, 0.003)'
  [add-cot]='train_and_save("add-cot", "scratchpad", [1, 4], 1500, 64, 2, 4, 0, 0.003)'
  [add-draft]='train_and_save("add-draft", "scratchpad", [1, 4], 1000, 32, 1, 2, 1, 0.003)'
  [add-large]='train_and_save("add-large", "scratchpad", [1, 4], 2000, 256, 2, 4, 0, 0.001)'
  [add-small]='train_and_save("add-small", "scratchpad", [1, 4], 3000, 64, 2, 2, 1, 0.003)'
)
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(add-direct add-cot add-draft add-large add-small)
for name in "${names[@]}"; do
  [ -n "${models[$name]:-}" ] || { echo "train-lm.sh: unknown model $name (expect ${!models[*]})" >&2; exit 2; }
  run "${models[$name]}" "$name" &
done
wait
ls -l models/add-*.safetensors
