import Compression
import Interpreter
import NN
import TensorCore

/// Knowledge distillation and low-rank factorization.
enum DistillBindings {
    static func install(in session: Session) {
        session.interpreter.define("distill", doc: """
            distill(teacher, student, data, T: 4, alpha: 0.9, epochs: 10, lr: 0.01, batch: 32, optimizer: "adam", seed: 0) — \
            trains the student in place on L = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(z_s, y) \
            (Hinton et al. 2015); returns the history, one {epoch, loss, accuracy} per epoch.
            """, params: [NativeParam("teacher"), NativeParam("student"), NativeParam("data"), NativeParam("T", default: 4),
                          NativeParam("alpha", default: 0.9)] + TrainingBindings.optimizerParams) { args in
            let teacher = try Bridge.model(args[0], for: "distill", name: "teacher")
            let student = try Bridge.modelToChange(args[1], for: "distill", name: "student")
            guard teacher !== student else { throw RuntimeError("distill: teacher and student must be different models") }
            let data = try Bridge.dataset(args[2], for: "distill")
            let (temperature, alpha) = try kdSettings(args, 3, 4, for: "distill")
            let options = try TrainingOptions(args, for: "distill")
            let history = try Compression.distill(teacher: teacher, student: student, data: data,
                                                  optimizer: try options.optimizer(student.parameters, for: "distill"),
                                                  epochs: options.epochs, batchSize: options.batch,
                                                  temperature: temperature, alpha: alpha, seed: options.seed)
            return .list(ListBox(history.map { stats in
                Bridge.record([("epoch", .number(Double(stats.epoch))), ("loss", Bridge.number(stats.loss)),
                               ("accuracy", Bridge.number(stats.accuracy))])
            }))
        }
        session.interpreter.define("kd_loss", doc: """
            kd_loss(student_logits, teacher_logits, labels, T: 4, alpha: 0.9) — Hinton's distillation loss \
            α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, y), KL summed over classes and averaged over rows.
            """, params: [NativeParam("student_logits"), NativeParam("teacher_logits"), NativeParam("labels"),
                          NativeParam("T", default: 4), NativeParam("alpha", default: 0.9)]) { args in
            let s = try Convert.tensor(args[0], for: "kd_loss"), t = try Convert.tensor(args[1], for: "kd_loss")
            let y = try Convert.tensor(args[2], for: "kd_loss")
            guard s.rank == 2, s.shape == t.shape, y.rank == 1, y.shape[0] == s.shape[0] else {
                throw RuntimeError("kd_loss: expect student and teacher logits [N, C] and labels [N], got \(s.shape), \(t.shape), \(y.shape)")
            }
            // A label must name a class: -1 once silently meant the last one (Swift indexing).
            if let bad = y.scalars.first(where: { !($0 >= 0 && $0 < Float(s.shape[1]) && $0 == $0.rounded()) }) {
                throw RuntimeError("kd_loss: labels must be class indices 0 to \(s.shape[1] - 1), got \(Value.format(number: Double(bad)))")
            }
            let (temperature, alpha) = try kdSettings(args, 3, 4, for: "kd_loss")
            let loss = try distillationLoss(studentLogits: Variable(s), teacherLogits: t, labels: y, temperature: temperature, alpha: alpha)
            return .number(Double(try loss.value.item()))
        }
        session.interpreter.define("factorize", doc: """
            factorize(model, rank: 8) — every Linear W [out, in] with min(out, in) > rank becomes two Linears by truncated \
            SVD, W ≈ (U_r √Σ_r)(√Σ_r V_rᵀ): r·(in + out) parameters instead of in·out. Returns {model, report}.
            """, params: [NativeParam("model"), NativeParam("rank", default: 8)]) { args in
            let (module, wrap) = try Bridge.compressible(args[0], for: "factorize")
            let rank = try args.int(1, "rank")
            guard rank >= 1 else { throw RuntimeError("factorize: expect a rank ≥ 1, got \(rank)") }
            var rows: [Value] = []
            let plain = try Bridge.plainCopy(module, for: "factorize")
            let factorized = try mapLinears(plain, filter: { _, layer in
                (layer as? Linear).map { rank < min($0.inFeatures, $0.outFeatures) } ?? false
            }) { path, linear in
                let (model, report) = try Compression.factorize(linear, rank: rank)
                rows.append(Bridge.record([("layer", .string(path)), ("rank", .number(Double(rank))),
                                           ("params_before", .number(Double(report.originalParameters))),
                                           ("params_after", .number(Double(report.factorizedParameters))),
                                           ("error", Bridge.number(report.error)), ("relative_error", Bridge.number(report.relativeError))]))
                return model
            }
            return Bridge.record([("model", try wrap(factorized)), ("report", .list(ListBox(rows)))])
        }
    }

    static func kdSettings(_ args: Arguments, _ tIndex: Int, _ alphaIndex: Int, for function: String) throws -> (Float, Float) {
        let temperature = try args.number(tIndex, "T"), alpha = try args.number(alphaIndex, "alpha")
        guard temperature > 0 else { throw RuntimeError("\(function): expect a temperature T > 0, got \(temperature)") }
        guard alpha >= 0, alpha <= 1 else { throw RuntimeError("\(function): expect alpha in [0, 1], got \(alpha)") }
        return (Float(temperature), Float(alpha))
    }
}
