// Verifiable rewards for arithmetic completions: the answer can be checked exactly, so no reward
// model is needed (the "reinforcement learning from verifiable rewards" of DeepSeek-R1 and Tülu 3).
//
//   exact           1 if the answer after "A: " is the sum, else 0.
//   exactAndFormat  exact, plus 0.1 for a well-formed completion (the answer line " A: <digits>"
//                   then the newline, and for the scratchpad a " S: " opening). The format
//                   bonus lets a group of all-wrong answers still tell well-formed from broken
//                   ones; it is small so that being right always pays more than looking right.
//   lastDigit       1 if the answer's last digit is the sum's: a proxy that is easier to earn
//                   than correctness — the badly designed reward that a policy learns to game.

/// How a completion is scored.
public enum ArithmeticReward: String, CaseIterable {
    case exact
    case exactAndFormat = "exact_format"
    case lastDigit = "last_digit"

    /// The reward of `completion` (the text after the prompt) for `problem` in `format`.
    public func score(_ completion: String, problem: Arithmetic.Problem, format: Arithmetic.Format) -> Float {
        let answer = Arithmetic.answer(in: completion, format: format)
        switch self {
        case .exact:
            return answer == problem.sum ? 1 : 0
        case .exactAndFormat:
            return (answer == problem.sum ? 1 : 0) + (Self.wellFormed(completion, format: format) ? 0.1 : 0)
        case .lastDigit:
            guard let answer else { return 0 }
            // Read as written: in the reversed format the first digit written is the units digit.
            return answer % 10 == problem.sum % 10 ? 1 : 0
        }
    }

    /// " A: <digits>\n" at the end (after " S: …" for the scratchpad formats).
    static func wellFormed(_ completion: String, format: Arithmetic.Format) -> Bool {
        guard completion.hasSuffix("\n"), let range = completion.range(of: " A: ", options: .backwards) else { return false }
        let digits = completion[range.upperBound...].dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return format == .direct ? range.lowerBound == completion.startIndex : completion.hasPrefix(" S: ")
    }
}
