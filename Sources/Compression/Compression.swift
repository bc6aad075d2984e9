/// Compression module (being built).
public enum CompressionModule {}
