public enum APIServerModule {}
