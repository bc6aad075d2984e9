// Multi-digit addition problems for chain-of-thought experiments, in two answer formats:
//   direct:      "Q: 347+285= A: 632\n"
//   scratchpad:  "Q: 347+285= S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 632\n"
//   reversed:    "Q: 347+285= S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 236\n"
//                the scratchpad, then the sum written units first — the order the scratchpad
//                found its digits in: a new answer format for fine-tuning the scratchpad model
// The scratchpad works digit by digit from the right: aᵢ + bᵢ + carry-in = digit, carry-out.
// A newline ends every example, so generation stops on it.
import TensorCore

/// Addition problems and their target texts.
public enum Arithmetic {
    /// How the answer is written.
    public enum Format: String, Codable, CaseIterable {
        case direct
        case scratchpad
        case reversed
    }

    /// The characters every example uses; the tokenizer's vocabulary (20 ids).
    public static let alphabet = "\n +0123456789:=ASQc"

    /// The character tokenizer of the arithmetic models.
    public static var tokenizer: CharTokenizer { CharTokenizer(characters: Array(alphabet)) }

    /// One problem: two operands with the same number of digits.
    public struct Problem: Equatable {
        public var a: Int
        public var b: Int
        public var sum: Int { a + b }
        /// "Q: a+b=" — the prompt a model continues.
        public var prompt: String { "Q: \(a)+\(b)=" }

        /// The text after the prompt, ending in "\n".
        public func completion(_ format: Format) -> String {
            switch format {
            case .direct:
                return " A: \(sum)\n"
            case .scratchpad, .reversed:
                let da = Array(String(a).reversed()), db = Array(String(b).reversed())
                var carry = 0, steps: [String] = []
                for i in 0..<max(da.count, db.count) {
                    let x = i < da.count ? Int(String(da[i])) ?? 0 : 0
                    let y = i < db.count ? Int(String(db[i])) ?? 0 : 0
                    let total = x + y + carry
                    steps.append("\(x)+\(y)+\(carry)=\(total % 10)c\(total / 10)")
                    carry = total / 10
                }
                let answer = format == .reversed ? String(String(sum).reversed()) : String(sum)
                return " S: " + steps.joined(separator: " ") + " A: \(answer)\n"
            }
        }
    }

    /// A random problem whose operands have exactly `digits` digits (1 digit: 0...9).
    public static func problem(digits: Int, rng: inout WhittleRandom) -> Problem {
        let low = digits == 1 ? 0 : Int(pow10(digits - 1)), high = Int(pow10(digits))
        return Problem(a: rng.int(in: low..<high), b: rng.int(in: low..<high))
    }

    /// A random problem whose operand length is drawn uniformly from `digits` first.
    public static func problem(digitsIn digits: ClosedRange<Int>, rng: inout WhittleRandom) -> Problem {
        problem(digits: rng.int(in: digits.lowerBound..<(digits.upperBound + 1)), rng: &rng)
    }

    /// The answer written after the last "A: " of a completion (read units first in the reversed
    /// format), or nil when there is none.
    public static func answer(in text: String, format: Format = .direct) -> Int? {
        guard let range = text.range(of: "A: ", options: .backwards) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        return format == .reversed ? Int(String(digits.reversed())) : Int(digits)
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { x, _ in x * 10 } }
}
