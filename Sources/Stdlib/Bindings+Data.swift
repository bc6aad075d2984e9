import Interpreter
import NN
import TensorCore

/// Datasets as records {x, y, classes}, and splitting them.
enum DataBindings {
    static func install(in session: Session) {
        session.interpreter.define("digits", doc: """
            digits(n: 2000, noise: 0.2, seed: nil) — 8×8 handwritten-style digits flattened to 64 pixels in [0, 1], \
            ten classes, as {x [n, 64], y [n], classes: 10}.
            """, params: [NativeParam("n", default: 2000), NativeParam("noise", default: 0.2), NativeParam("seed", default: .nil)]) { args in
            Bridge.record(try Datasets.digits(n: try args.int(0, "n"), noise: Float(try args.number(1, "noise")),
                                              seed: try session.seed(args[2], for: "digits")))
        }
        session.interpreter.define("spirals", doc: "spirals(n: 300, classes: 3, noise: 0.2, seed: nil) — interleaved 2-D spirals (CS231n), as {x [n, 2], y [n], classes}.",
                              params: [NativeParam("n", default: 300), NativeParam("classes", default: 3),
                                       NativeParam("noise", default: 0.2), NativeParam("seed", default: .nil)]) { args in
            Bridge.record(try Datasets.spirals(n: try args.int(0, "n"), classes: try args.int(1, "classes"),
                                               noise: Float(try args.number(2, "noise")), seed: try session.seed(args[3], for: "spirals")))
        }
        session.interpreter.define("blobs", doc: "blobs(n: 300, classes: 3, features: 2, spread: 1, seed: nil) — Gaussian clusters (sklearn's make_blobs), as {x, y, classes}.",
                              params: [NativeParam("n", default: 300), NativeParam("classes", default: 3), NativeParam("features", default: 2),
                                       NativeParam("spread", default: 1), NativeParam("seed", default: .nil)]) { args in
            Bridge.record(try Datasets.blobs(n: try args.int(0, "n"), classes: try args.int(1, "classes"), features: try args.int(2, "features"),
                                             spread: Float(try args.number(3, "spread")), seed: try session.seed(args[4], for: "blobs")))
        }
        // `split` is also the string builtin split(s, sep): a dataset record chooses this version.
        let stringSplit = session.interpreter.global("split")
        session.interpreter.define("split", doc: """
            split(data, train: 0.8, seed: nil) — a shuffled split of a dataset into {train, test}; `train` is the \
            training share in (0, 1). On a string, split(s, sep) splits text as before.
            """, params: []) { args in
            guard case .dict = args[0] else {
                if let stringSplit { return try args.interpreter.call(stringSplit, args.values, named: args.extraNamed) }
                throw RuntimeError("split: expect a dataset record {x, y}, got \(args[0].typeName)")
            }
            guard args.values.count <= 2 else { throw RuntimeError("split: expect split(data, train, seed: n), got \(args.values.count) positional arguments") }
            for (label, _) in args.extraNamed where label != "train" && label != "seed" {
                throw RuntimeError("split: no parameter named '\(label)'.")
            }
            let data = try Bridge.dataset(args[0], for: "split")
            let shareValue = args.values.count == 2 ? args[1] : args.named("train", default: .number(0.8))
            let share = try Convert.number(shareValue, for: "split", name: "train")
            guard share > 0, share < 1 else { throw RuntimeError("split: expect a training share in (0, 1), got \(share)") }
            let parts = try data.trainTestSplit(fraction: Float(1 - share), seed: try session.seed(args.named("seed"), for: "split"))
            return Bridge.record([("train", Bridge.record(parts.train)), ("test", Bridge.record(parts.test))])
        }
    }
}
