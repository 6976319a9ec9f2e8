package com.companion.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Launcher settings: ports and the data folder. Each can be given as {@code --name=value}, or as an
 * environment variable {@code PLATFORM_NAME} (upper case, dashes as underscores).
 */
record Settings(
    Path root,
    Path dataDir,
    int edgePort,
    int characterPort,
    int chatPort,
    int safetyPort,
    int gatewayPort,
    int inferencePort,
    int identityPort,
    int analyticsPort,
    int postgresPort,
    int redisPort,
    int kafkaPort,
    String database,
    java.time.Duration readyTimeout) {

  static final int DEFAULT_EDGE_PORT = 8080;

  static Settings from(Path root, List<String> args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
    }
    return new Settings(
        root,
        root.resolve(text(values, "data-dir", ".platform")).toAbsolutePath().normalize(),
        number(values, "edge-port", DEFAULT_EDGE_PORT),
        number(values, "character-port", 8081),
        number(values, "chat-port", 8082),
        number(values, "safety-port", 8083),
        number(values, "gateway-port", 8084),
        number(values, "inference-port", 8085),
        number(values, "identity-port", 8086),
        number(values, "analytics-port", 8087),
        number(values, "postgres-port", 5432),
        number(values, "redis-port", 6379),
        number(values, "kafka-port", 9092),
        text(values, "database", "companion"),
        // how long up waits for every service; a machine shared with other work may need more
        java.time.Duration.ofMinutes(number(values, "ready-minutes", 5)));
  }

  Path logDir() {
    return dataDir.resolve("logs");
  }

  /** Where the services' jars are copied to run from, so a rebuild cannot change them. */
  Path runDir() {
    return dataDir.resolve("run");
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  private static String text(Map<String, String> values, String name, String fallback) {
    String value = values.get(name);
    if (value == null) {
      value = System.getenv("PLATFORM_" + name.toUpperCase().replace('-', '_'));
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int number(Map<String, String> values, String name, int fallback) {
    return Integer.parseInt(text(values, name, String.valueOf(fallback)));
  }
}
