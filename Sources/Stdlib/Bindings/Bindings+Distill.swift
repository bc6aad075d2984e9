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
            Every Linear W [out, in] becomes two by truncated SVD, W ≈ (U_r √Σ_r)(√Σ_r V_rᵀ): \
            r·(in + out) weights instead of in·out (a layer where that would not save stays dense). The rank: \
            `rank` for every layer; or `energy` τ, per layer the smallest r with Σ_{i≤r} σᵢ² ≥ τ·Σ σᵢ²; or `budget` β, \
            ranks grown greedily by relative energy per weight until the factorized layers keep β of their weights. \
            Returns {model, report}: one row per Linear with its rank (nil: dense), weights before and after, \
            the error ‖W − W_r‖_F, the energy kept and the singular values.
            """, params: [NativeParam("model"), .int("rank", default: .nil, atLeast: 1),
                          .number("energy", default: .nil, above: 0), .number("budget", default: .nil, above: 0)]) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "factorize")
            let given = try ["rank", "energy", "budget"].filter { !(try args.isNil($0)) }
            guard given.count <= 1 else {
                throw RuntimeError("give one of rank, energy or budget, not \(given.joined(separator: " and "))")
            }
            let rule: RankRule
            switch given.first {
            case "energy":
                let tau = try args.number("energy")
                guard tau <= 1 else { throw RuntimeError("energy is a fraction of Σσ² in (0, 1], got \(Value.format(number: tau))") }
                rule = .energy(tau)
            case "budget":
                let beta = try args.number("budget")
                guard beta <= 1 else { throw RuntimeError("budget is the fraction of the layers' weights to keep, in (0, 1], got \(Value.format(number: beta))") }
                rule = .budget(beta)
            case "rank": rule = .fixed(try args.int("rank"))
            default: rule = .fixed(8)
            }
            let plain = try Bridge.plainCopy(module, for: "factorize")
            let (factorized, layers) = try factorizeModel(plain, rule: rule)
            let rows: [Value] = layers.map { layer in
                Bridge.record([("layer", .string(layer.path)), ("rank", layer.rank.map { .number(Double($0)) } ?? .nil),
                               ("params_before", .number(Double(layer.parametersBefore))),
                               ("params_after", .number(Double(layer.parametersAfter))),
                               ("error", Bridge.number(layer.error)), ("tail_norm", Bridge.number(layer.tailNorm)),
                               ("energy", .number((layer.energyKept * 1e6).rounded() / 1e6)),
                               ("singular_values", .list(ListBox(layer.singularValues.map(Bridge.number))))])
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
