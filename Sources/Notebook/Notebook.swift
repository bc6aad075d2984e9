/// Notebook module (being built).
public enum NotebookModule {}
