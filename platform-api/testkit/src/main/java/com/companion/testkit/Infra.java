package com.companion.testkit;

import com.companion.migrations.Migrator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL, Redis and Kafka for tests: the servers on localhost when they answer
 * (developer machines and CI start them), otherwise embedded ones started once per JVM. The
 * database is migrated once per JVM with the project's own migrations.
 */
public final class Infra {

  /** Where {@link #freePort()} looks: below the ephemeral ports, above the usual services'. */
  static final int FIRST_PORT = 20_000;

  static final int PORTS = 12_000;
  private static final Set<Integer> GIVEN_PORTS = ConcurrentHashMap.newKeySet();

  private static final Logger log = LoggerFactory.getLogger(Infra.class);
  private static final String HOST = "127.0.0.1";

  /**
   * A database of this JVM's own, dropped when it exits: every run starts from the project's
   * migrations alone, whatever an earlier run or another checkout applied to a shared server.
   */
  private static final String TEST_DATABASE =
      "companion_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static String jdbcUrl;
  private static HikariDataSource dataSource;
  private static String redisHost;
  private static int redisPort;
  private static String kafkaBootstrap;

  private Infra() {}

  /** JDBC URL of a migrated test database. */
  public static synchronized String jdbcUrl() {
    if (jdbcUrl == null) {
      String base;
      if (answers(HOST, 5432)) {
        base = "jdbc:postgresql://" + HOST + ":5432/";
      } else {
        try {
          EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
          base = "jdbc:postgresql://" + HOST + ":" + postgres.getPort() + "/";
          log.info(
              "no PostgreSQL on {}:5432, started an embedded one on {}", HOST, postgres.getPort());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      createDatabase(base);
      jdbcUrl = base + TEST_DATABASE;
      Migrator.migrate(dataSource());
    }
    return jdbcUrl;
  }

  public static String dbUser() {
    return "postgres";
  }

  /** A small pool on the test database. */
  public static synchronized DataSource dataSource() {
    if (dataSource == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl == null ? jdbcUrl() : jdbcUrl);
      config.setUsername(dbUser());
      config.setMaximumPoolSize(4);
      dataSource = new HikariDataSource(config);
    }
    return dataSource;
  }

  public static synchronized String redisHost() {
    startRedisIfNeeded();
    return redisHost;
  }

  public static synchronized int redisPort() {
    startRedisIfNeeded();
    return redisPort;
  }

  /** Bootstrap servers of a running Kafka broker. */
  public static synchronized String kafkaBootstrap() {
    if (kafkaBootstrap == null) {
      if (answers(HOST, 9092)) {
        kafkaBootstrap = HOST + ":9092";
      } else {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // one broker: the transaction log must fit on it, or exactly-once producers (the
        // analytics streams) wait forever to initialise their transactions
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        kafkaBootstrap = broker.getBrokersAsString();
        log.info(
            "no Kafka on {}:9092, started an embedded KRaft broker at {}", HOST, kafkaBootstrap);
      }
    }
    return kafkaBootstrap;
  }

  /**
   * Spring properties that point a service at this infrastructure; use from a
   * {@code @DynamicPropertySource} method: {@code Infra.properties().forEach((k, v) ->
   * registry.add(k, () -> v))}.
   */
  public static Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", jdbcUrl());
    properties.put("spring.datasource.username", dbUser());
    properties.put("spring.datasource.password", "");
    properties.put("spring.data.redis.host", redisHost());
    properties.put("spring.data.redis.port", String.valueOf(redisPort()));
    properties.put("platform.kafka.bootstrap-servers", kafkaBootstrap());
    return properties;
  }

  /**
   * A free local port, for tests that start extra processes or servers; never the same one twice in
   * this JVM. It is picked below the kernel's range of ephemeral ports (32768 and up on Linux): a
   * port from that range can be taken, between this check and the server's bind, by any outgoing
   * connection, and a platform's services open many while they start (seen: a whole-platform test
   * whose safety-filter found its port taken).
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(PORTS);
      if (!GIVEN_PORTS.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // something listens there: try another
      }
    }
    throw new IllegalStateException(
        "no free port between " + FIRST_PORT + " and " + (FIRST_PORT + PORTS));
  }

  private static void startRedisIfNeeded() {
    if (redisHost != null) {
      return;
    }
    if (answers(HOST, 6379)) {
      redisHost = HOST;
      redisPort = 6379;
      return;
    }
    try {
      int port = freePort();
      RedisServer server = new RedisServer(port);
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
      redisHost = HOST;
      redisPort = port;
      log.info("no Redis on {}:6379, started an embedded one on {}", HOST, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDatabase(String base) {
    try (Connection connection = DriverManager.getConnection(base + "postgres", dbUser(), "")) {
      connection.createStatement().execute("create database " + TEST_DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + TEST_DATABASE, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(base)));
  }

  private static void dropDatabase(String base) {
    if (dataSource != null) {
      dataSource.close();
    }
    try (Connection connection = DriverManager.getConnection(base + "postgres", dbUser(), "")) {
      connection
          .createStatement()
          .execute("drop database if exists " + TEST_DATABASE + " with (force)");
    } catch (SQLException e) {
      // an embedded server may already be gone, and with it the database
      log.debug("test database {} not dropped: {}", TEST_DATABASE, e.getMessage());
    }
  }

  public static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  private static void stop(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      log.warn("embedded Redis did not stop cleanly", e);
    }
  }
}
