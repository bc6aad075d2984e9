/// Syntax module (being built).
public enum SyntaxModule {}
