/// Render module (being built).
public enum RenderModule {}
