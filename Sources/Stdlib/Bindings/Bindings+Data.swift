import Interpreter
import NN
import TensorCore

/// Datasets as records {x, y, classes}, and splitting them.
enum DataBindings {
    static func install(in session: Session) {
        session.interpreter.define("digits", doc: """
            8×8 handwritten-style digits flattened to 64 pixels in [0, 1], \
            ten classes, as {x [n, 64], y [n], classes: 10}.
            """, params: [.int("n", default: 2000, atLeast: 1), .number("noise", default: 0.2, atLeast: 0), .int("seed", default: .nil, atLeast: 0)]) { args in
            Bridge.record(try Datasets.digits(n: try args.int("n"), noise: Float(try args.number("noise")),
                                              seed: try session.seed(try args["seed"], for: "digits")))
        }
        session.interpreter.define("spirals", doc: "Interleaved 2-D spirals (CS231n), as {x [n, 2], y [n], classes}.",
                              params: [.int("n", default: 300, atLeast: 1), .int("classes", default: 3, atLeast: 1),
                                       .number("noise", default: 0.2, atLeast: 0), .int("seed", default: .nil, atLeast: 0)]) { args in
            Bridge.record(try Datasets.spirals(n: try args.int("n"), classes: try args.int("classes"),
                                               noise: Float(try args.number("noise")), seed: try session.seed(try args["seed"], for: "spirals")))
        }
        session.interpreter.define("blobs", doc: "Gaussian clusters (sklearn's make_blobs), as {x, y, classes}.",
                              params: [.int("n", default: 300, atLeast: 1), .int("classes", default: 3, atLeast: 1), .int("features", default: 2, atLeast: 1),
                                       .number("spread", default: 1, atLeast: 0), .int("seed", default: .nil, atLeast: 0)]) { args in
            Bridge.record(try Datasets.blobs(n: try args.int("n"), classes: try args.int("classes"), features: try args.int("features"),
                                             spread: Float(try args.number("spread")), seed: try session.seed(try args["seed"], for: "blobs")))
        }
        // `split` is also the string builtin split(s, sep): a dataset record chooses this version.
        let stringSplit = session.interpreter.global("split")
        session.interpreter.defineOverloaded("split", doc: """
            On a dataset: a shuffled split into {train, test}; `train` is the training share in (0, 1). \
            On a string: the text split at each sep, as before.
            """, forms: [datasetSplitParams, session.interpreter.nativeParameters(of: "split")]) { args in
            // Two functions behind one name, so the arguments are bound here by the declarations
            // each would have: the string split's, or these.
            let positional = args.positional
            guard case .dict? = positional.first else {
                if let stringSplit { return try args.interpreter.call(stringSplit, positional, named: args.extraNamed) }
                throw RuntimeError("split: data must be a dataset record {x, y}, got \(positional.first?.typeName ?? "nothing")")
            }
            let split = try Arguments.bind(function: "split", params: datasetSplitParams, positional: positional,
                                           named: args.extraNamed, interpreter: args.interpreter)
            let data = try Bridge.dataset(try split["data"], for: "split")
            let share = try split.number("train")
            let parts = try data.trainTestSplit(fraction: Float(1 - share), seed: try session.seed(try split["seed"], for: "split"))
            return Bridge.record([("train", Bridge.record(parts.train)), ("test", Bridge.record(parts.test))])
        }
    }

    /// split(data, train: 0.8, seed: nil) on a dataset.
    static let datasetSplitParams: [NativeParam] = [
        NativeParam("data"), .number("train", default: 0.8, above: 0, below: 1), .int("seed", default: .nil, atLeast: 0),
    ]
}
