import ArgumentParser
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade")
}
struct GradeOneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade-one", shouldDisplay: false)
}
