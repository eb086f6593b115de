// Placeholder: the SQLite owner arrives with the keys issue.
public enum Storage {}
