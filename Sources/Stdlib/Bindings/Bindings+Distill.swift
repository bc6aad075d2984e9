import Compression
import Interpreter
import NN
import TensorCore

/// Knowledge distillation and low-rank factorization.
enum DistillBindings {
    static func install(in session: Session) {
        session.interpreter.define("distill", doc: """
            Trains the student in place on L = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(z_s, y) \
            (Hinton et al. 2015); returns the history, one {epoch, loss, accuracy} per epoch.
            """, params: [NativeParam("teacher"), NativeParam("student"), NativeParam("data")] + kdParams
                + TrainingBindings.optimizerParams) { args in
            let teacher = try Bridge.model(try args["teacher"], for: "distill", name: "teacher")
            let student = try Bridge.modelToChange(try args["student"], for: "distill", name: "student")
            guard teacher !== student else { throw RuntimeError("distill: teacher and student must be different models") }
            let data = try Bridge.dataset(try args["data"], for: "distill")
            let (temperature, alpha) = try kdSettings(args)
            let options = try TrainingOptions(args)
            let history = try Compression.distill(teacher: teacher, student: student, data: data,
                                                  optimizer: try options.optimizer(student.parameters),
                                                  epochs: options.epochs, batchSize: options.batch,
                                                  temperature: temperature, alpha: alpha, seed: options.seed)
            return .list(ListBox(history.map { stats in
                Bridge.record([("epoch", .number(Double(stats.epoch))), ("loss", Bridge.number(stats.loss)),
                               ("accuracy", Bridge.number(stats.accuracy))])
            }))
        }
        session.interpreter.define("kd_loss", doc: """
            Hinton's distillation loss \
            α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, y), KL summed over classes and averaged over rows.
            """, params: [NativeParam("student_logits"), NativeParam("teacher_logits"), NativeParam("labels")] + kdParams) { args in
            let s = try Convert.tensor(try args["student_logits"], for: "kd_loss"), t = try Convert.tensor(try args["teacher_logits"], for: "kd_loss")
            let y = try Convert.tensor(try args["labels"], for: "kd_loss")
            guard s.rank == 2, s.shape == t.shape, y.rank == 1, y.shape[0] == s.shape[0] else {
                throw RuntimeError("kd_loss: expect student and teacher logits [N, C] and labels [N], got \(s.shape), \(t.shape), \(y.shape)")
            }
            // A label must name a class: -1 once silently meant the last one (Swift indexing).
            if let bad = y.scalars.first(where: { !($0 >= 0 && $0 < Float(s.shape[1]) && $0 == $0.rounded()) }) {
                throw RuntimeError("kd_loss: labels must be class indices 0 to \(s.shape[1] - 1), got \(Value.format(number: Double(bad)))")
            }
            let (temperature, alpha) = try kdSettings(args)
            let loss = try distillationLoss(studentLogits: Variable(s), teacherLogits: t, labels: y, temperature: temperature, alpha: alpha)
            return .number(Double(try loss.value.item()))
        }
        session.interpreter.define("factorize", doc: """
            Every Linear W [out, in] with min(out, in) > rank becomes two Linears by truncated \
            SVD, W ≈ (U_r √Σ_r)(√Σ_r V_rᵀ): r·(in + out) parameters instead of in·out. Returns {model, report}.
            """, params: [NativeParam("model"), .int("rank", default: 8, atLeast: 1)]) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "factorize")
            let rank = try args.int("rank")
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

    /// The temperature and the KD share of the loss, as distill and kd_loss declare them.
    static let kdParams: [NativeParam] = [.number("T", default: 4, above: 0), .number("alpha", default: 0.9, in: 0...1)]

    static func kdSettings(_ args: Arguments) throws -> (Float, Float) {
        (Float(try args.number("T")), Float(try args.number("alpha")))
    }
}
