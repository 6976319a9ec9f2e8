package com.companion.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import redis.embedded.RedisServer;

/**
 * PostgreSQL, Redis and Kafka for a local platform: the servers already answering on their ports
 * are used as they are; missing ones are started (embedded PostgreSQL and Redis inside this
 * process, a real single-node KRaft Kafka broker as a child process) and stopped on exit.
 */
final class Infrastructure implements AutoCloseable {

  private final Settings settings;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Process kafka;

  Infrastructure(Settings settings) {
    this.settings = settings;
  }

  void start() throws Exception {
    Files.createDirectories(settings.logDir());
    if (answers(settings.postgresPort())) {
      say("PostgreSQL  using the server on 127.0.0.1:" + settings.postgresPort());
    } else {
      say("PostgreSQL  starting embedded on 127.0.0.1:" + settings.postgresPort());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(settings.postgresPort())
              .setDataDirectory(settings.dataDir().resolve("postgres"))
              .setCleanDataDirectory(false)
              .start();
      started.add(postgres);
    }
    createDatabaseIfMissing();
    if (answers(settings.redisPort())) {
      say("Redis       using the server on 127.0.0.1:" + settings.redisPort());
    } else {
      say("Redis       starting embedded on 127.0.0.1:" + settings.redisPort());
      RedisServer redis = new RedisServer(settings.redisPort());
      redis.start();
      started.add(redis::stop);
    }
    if (answers(settings.kafkaPort())) {
      say("Kafka       using the broker on 127.0.0.1:" + settings.kafkaPort());
    } else {
      say("Kafka       starting a KRaft broker on 127.0.0.1:" + settings.kafkaPort());
      kafka = startKafka();
      awaitPort(settings.kafkaPort(), Duration.ofSeconds(60), kafka);
    }
  }

  private void createDatabaseIfMissing() throws SQLException {
    String admin = "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/postgres";
    try (Connection connection = DriverManager.getConnection(admin, "postgres", "")) {
      var rows =
          connection
              .prepareStatement(
                  "select 1 from pg_database where datname = '" + settings.database() + "'")
              .executeQuery();
      if (!rows.next()) {
        connection.createStatement().execute("create database " + settings.database());
      }
    }
  }

  /** Formats the log folder once (KRaft needs a cluster id), then runs {@code kafka.Kafka}. */
  private Process startKafka() throws IOException, InterruptedException {
    Path home = settings.dataDir().resolve("kafka");
    Path data = home.resolve("data");
    Files.createDirectories(home);
    Path config = home.resolve("server.properties");
    Properties properties = new Properties();
    properties.setProperty("process.roles", "broker,controller");
    properties.setProperty("node.id", "1");
    int controllerPort = settings.kafkaPort() + 1;
    properties.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    properties.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + settings.kafkaPort()
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.kafkaPort());
    properties.setProperty("controller.listener.names", "CONTROLLER");
    properties.setProperty(
        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.setProperty("log.dirs", data.toString());
    properties.setProperty("num.partitions", "3");
    properties.setProperty("offsets.topic.replication.factor", "1");
    properties.setProperty("transaction.state.log.replication.factor", "1");
    properties.setProperty("transaction.state.log.min.isr", "1");
    properties.setProperty("group.initial.rebalance.delay.ms", "0");
    try (var out = Files.newBufferedWriter(config)) {
      properties.store(out, "single-node KRaft broker for local use");
    }
    String classpath = kafkaClasspath();
    if (!Files.exists(data.resolve("meta.properties"))) {
      Process format =
          new ProcessBuilder(
                  java(),
                  "-cp",
                  classpath,
                  "kafka.tools.StorageTool",
                  "format",
                  // one argument: a random id may start with '-', which would read as an option
                  "--cluster-id=" + clusterId(),
                  "-c",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(settings.logDir().resolve("kafka-format.log").toFile())
              .start();
      if (format.waitFor() != 0) {
        throw new IllegalStateException("kafka storage format failed, see " + settings.logDir());
      }
    }
    return new ProcessBuilder(
            java(), "-Xmx512m", "-cp", classpath, "kafka.Kafka", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(settings.logDir().resolve("kafka.log").toFile())
        .start();
  }

  private String kafkaClasspath() {
    Path target = settings.root().resolve("platform-api/launcher/target");
    return target.resolve("kafka-lib")
        + "/*"
        + java.io.File.pathSeparator
        + target.resolve("lib")
        + "/*";
  }

  private static String clusterId() {
    UUID uuid = UUID.randomUUID();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
    buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  Process kafkaProcess() {
    return kafka;
  }

  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void awaitPort(int port, Duration timeout, Process process) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!answers(port)) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("process for port " + port + " exited");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("nothing answers on port " + port + " after " + timeout);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.destroy();
      try {
        kafka.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      kafka.destroyForcibly();
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("stopping " + started.get(i) + ": " + e.getMessage());
      }
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
