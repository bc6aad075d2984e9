/// Stdlib module (being built).
public enum StdlibModule {}
