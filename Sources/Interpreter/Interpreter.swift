/// Interpreter module (being built).
public enum InterpreterModule {}
