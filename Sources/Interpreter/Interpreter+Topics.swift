/// The built-ins by topic: what `help()` prints and what the library reference is made from.
extension Interpreter {
    /// Topics in alphabetical order, each with its built-ins' names, sorted.
    public var topicGroups: [(topic: String, names: [String])] {
        var names: [String: [String]] = [:]
        for (name, topic) in topics.sorted(by: { $0.key < $1.key }) {
            guard case .function? = global(name) else { continue }
            names[topic, default: []].append(name)
        }
        return names.keys.sorted().map { ($0, names[$0] ?? []) }
    }

    /// `help()`: every topic with its functions, and how to learn more.
    func topicIndex() -> String {
        var out = "Built-ins by topic (help(f) for one function, apropos(\"text\") to search):\n"
        for group in topicGroups {
            out += "\n\(group.topic):\n"
            var line = " "
            for name in group.names {
                if line.count + name.count + 1 > 78 { out += line + "\n"; line = " " }
                line += " " + name
            }
            out += line + "\n"
        }
        return out
    }

    /// The documentation of built-in `name`, as `help(name)` prints it.
    public func documentation(of name: String) -> String? {
        guard case .function(let box)? = global(name) else { return nil }
        return box.helpText
    }
}
