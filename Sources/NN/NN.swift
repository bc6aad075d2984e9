/// NN module (being built).
public enum NNModule {}
