// Placeholder: token buckets arrive with the quotas issue.
public enum RateLimit {}
