/// LM module (being built).
public enum LMModule {}
