// Loads the numpy reference values of Fixtures/fixtures.json (generator: Fixtures/make_fixtures.py).
import Foundation
import TensorCore

enum Fixture {
    static let root: [String: Any] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/fixtures", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            fatalError("fixtures.json missing from the test bundle")
        }
        return object
    }()

    static func group(_ name: String) -> [String: Any] { root[name] as! [String: Any] }

    static func tensor(_ object: Any?) -> Tensor {
        let dict = object as! [String: Any]
        let shape = (dict["shape"] as! [NSNumber]).map(\.intValue)
        let data = (dict["data"] as! [NSNumber]).map(\.floatValue)
        return try! Tensor(shape: shape, scalars: data)
    }

    static func tensor(_ group: String, _ key: String) -> Tensor { tensor(Fixture.group(group)[key]) }

    static func number(_ group: String, _ key: String) -> Float {
        (Fixture.group(group)[key] as! NSNumber).floatValue
    }

    static func tensors(_ group: String, _ key: String) -> [Tensor] {
        (Fixture.group(group)[key] as! [Any]).map { tensor($0) }
    }
}

/// Largest absolute difference, or infinity when the shapes differ.
func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}
