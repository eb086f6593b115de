// Placeholder: the key store arrives with the keys issue.
public enum Auth {}
