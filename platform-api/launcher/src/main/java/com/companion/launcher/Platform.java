package com.companion.launcher;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.PlatformPrincipal;
import com.companion.contracts.auth.Role;
import com.companion.migrations.Migrator;
import com.companion.testkit.TokenMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./platform}: runs the whole platform on one machine, mints local tokens and runs the
 * model, safety, gateway and chat commands.
 */
public final class Platform {

  private static final String USAGE =
      """
      usage: ./platform <command> [options]

        up [--edge-port=8080 ... --data-dir=.platform]   start everything; Ctrl-C stops it
        infra                                           only PostgreSQL, Redis and Kafka (for tests); Ctrl-C stops
        test                                            every test (./mvnw -B verify)
        down                                            stop a platform started with up
        status                                          readiness of every service
        migrate                                         apply the database migrations
        token --user U --role R[,R...] --product P --age-group minor|adult [--ttl 24h] [--data-dir .platform]
        model train|bench [options]                     model training, benchmark (tools/model-tools)
        safety train|eval|bench [options]               classifier training, evaluation, benchmark (tools/safety-tools)
        gateway bench [options]                         gateway benchmark (tools/gateway-tools)
        chat bench [options]                            chat benchmark, expects ./platform up (tools/chat-tools)
        analytics rebuild|guard-bench                   recompute the figures and compare; guard bench (tools/analytics-tools)

      Settings: --data-dir, --edge-port, --character-port, --chat-port, --safety-port,
      --gateway-port, --inference-port, --postgres-port, --redis-port, --kafka-port, --database,
      --ready-minutes (how long up waits for the services, 5) (or PLATFORM_EDGE_PORT and so on).
      """;

  private final Path root;

  private Platform(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
    if (args.length == 0) {
      System.out.print(USAGE);
      System.exit(2);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    Platform platform = new Platform(root);
    int code =
        switch (args[0]) {
          case "up" -> platform.up(Settings.from(root, rest));
          case "infra" -> platform.infra(Settings.from(root, rest));
          case "down" -> platform.down(Settings.from(root, rest));
          case "status" -> platform.status(Settings.from(root, rest));
          case "migrate" -> platform.migrate(Settings.from(root, rest));
          case "token" -> platform.token(rest);
          case "model", "safety", "gateway", "chat", "analytics" ->
              platform.delegate(delegation(args[0], rest), rest);
          default -> {
            System.out.print(USAGE);
            yield 2;
          }
        };
    System.exit(code);
  }

  private int up(Settings settings) throws Exception {
    Files.createDirectories(settings.dataDir());
    Path pidFile = settings.dataDir().resolve("platform.pid");
    Files.writeString(pidFile, String.valueOf(ProcessHandle.current().pid()));
    LocalPlatform platform = new LocalPlatform(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nstopping the platform...");
                  platform.close();
                  try {
                    Files.deleteIfExists(pidFile);
                  } catch (IOException ignored) {
                    // best effort
                  }
                  stopped.countDown();
                }));
    Map<String, Boolean> ready = platform.start(settings.readyTimeout());
    System.out.println();
    platform
        .services()
        .forEach(
            service ->
                System.out.printf(
                    "  %-18s %-24s %s%n",
                    service.name(),
                    service.url(),
                    ready.get(service.name()) ? "ready" : "NOT READY (see its log)"));
    System.out.println("\n  logs: " + settings.logDir());
    if (ready.containsValue(false)) {
      System.out.println("\nsome services did not become ready; stopping.");
      return 1;
    }
    printExample(settings);
    System.out.println("\nthe platform is up; Ctrl-C (or ./platform down) stops it.");
    stopped.await();
    return 0;
  }

  /** Starts (or reuses) PostgreSQL, Redis and Kafka, migrates, and waits until interrupted. */
  private int infra(Settings settings) throws Exception {
    Infrastructure infrastructure = new Infrastructure(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  infrastructure.close();
                  stopped.countDown();
                }));
    infrastructure.start();
    Migrator.migrate(settings.jdbcUrl(), "postgres", "");
    System.out.println("infrastructure is up; Ctrl-C stops what was started here.");
    stopped.await();
    return 0;
  }

  private static void printExample(Settings settings) {
    String token =
        mint(
            settings.dataDir(),
            "demo-creator",
            EnumSet.of(Role.USER, Role.CREATOR),
            "glow",
            AgeGroup.ADULT,
            Duration.ofHours(24));
    System.out.printf(
        """

          try it:
            TOKEN=%s
            curl -s -X POST http://127.0.0.1:%d/v1/characters \\
              -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
              -d '{"name":"Juliet","description":"A young noblewoman of Verona.","first_mes":"Good morrow, {{user}}.","visibility":"private"}'
        """,
        token, settings.edgePort());
  }

  private int down(Settings settings) throws Exception {
    Path pidFile = settings.dataDir().resolve("platform.pid");
    if (!Files.exists(pidFile)) {
      System.out.println("no platform is running from " + settings.dataDir());
      return 0;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      Files.deleteIfExists(pidFile);
      System.out.println("the platform was not running");
      return 0;
    }
    handle.get().destroy();
    handle.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    System.out.println("stopped");
    return 0;
  }

  private int status(Settings settings) {
    boolean allReady = true;
    for (Service service : Service.all(settings)) {
      boolean ready = LocalPlatform.isReady(service);
      allReady &= ready;
      System.out.printf(
          "  %-18s %-24s %s%n", service.name(), service.url(), ready ? "ready" : "down");
    }
    System.out.printf(
        "  %-18s %-24s %s%n",
        "postgresql", "127.0.0.1:" + settings.postgresPort(), up(settings.postgresPort()));
    System.out.printf(
        "  %-18s %-24s %s%n",
        "redis", "127.0.0.1:" + settings.redisPort(), up(settings.redisPort()));
    System.out.printf(
        "  %-18s %-24s %s%n", "kafka", settings.kafkaBootstrap(), up(settings.kafkaPort()));
    return allReady ? 0 : 1;
  }

  private static String up(int port) {
    return Infrastructure.answers(port) ? "up" : "down";
  }

  private int migrate(Settings settings) throws Exception {
    try (Infrastructure infrastructure = new Infrastructure(settings)) {
      if (!Infrastructure.answers(settings.postgresPort())) {
        System.err.println(
            "no PostgreSQL on 127.0.0.1:"
                + settings.postgresPort()
                + " (./platform up starts one)");
        return 1;
      }
      Migrator.migrate(settings.jdbcUrl(), "postgres", "");
    }
    return 0;
  }

  private int token(List<String> args) {
    Map<String, String> options = options(args);
    String user = options.get("user");
    String roles = options.getOrDefault("role", "user");
    String product = options.getOrDefault("product", "glow");
    String age = options.getOrDefault("age-group", "adult");
    if (user == null || user.isBlank()) {
      System.err.println("token: --user is required");
      return 2;
    }
    EnumSet<Role> parsed = EnumSet.noneOf(Role.class);
    try {
      Arrays.stream(roles.split(",")).map(Role::fromClaim).forEach(parsed::add);
      Duration ttl = Duration.parse("PT" + options.getOrDefault("ttl", "24h").toUpperCase());
      Path dataDir = root.resolve(options.getOrDefault("data-dir", ".platform"));
      System.out.println(mint(dataDir, user, parsed, product, AgeGroup.fromClaim(age), ttl));
      return 0;
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      System.err.println("token: " + e.getMessage());
      return 2;
    }
  }

  /**
   * A local HS256 token, signed with the secret the local platform of {@code dataDir} checks (see
   * {@link LocalSecrets#jwtSecret}).
   */
  static String mint(
      Path dataDir, String user, Set<Role> roles, String product, AgeGroup age, Duration ttl) {
    String secret = LocalSecrets.jwtSecret(dataDir);
    return TokenMinter.local(secret, Clock.systemUTC())
        .mint(new PlatformPrincipal(user, product, roles, age), ttl);
  }

  /** A command of another jar: which jar, relative to the repository root, and its command word. */
  record Delegation(String jar, String subcommand) {}

  /**
   * The jar and command word behind {@code ./platform <command> <word>}: the programs of {@code
   * tools/}, except {@code analytics rebuild}, which is the analytics service's own; null for an
   * unknown word.
   */
  static Delegation delegation(String command, List<String> args) {
    String word = args.isEmpty() ? "" : args.getFirst();
    String subcommand =
        switch (command + " " + word) {
          case "model train", "model bench", "gateway bench", "chat bench" -> word;
          case "safety train", "safety eval", "safety bench" -> "safety-" + word;
          case "analytics rebuild", "analytics guard-bench" -> word;
          default -> null;
        };
    if (subcommand == null) {
      return null;
    }
    if (subcommand.equals("rebuild")) {
      return new Delegation("growth-analytics/target/growth-analytics.jar", subcommand);
    }
    String tool = command + "-tools";
    return new Delegation("tools/" + tool + "/target/" + tool + ".jar", subcommand);
  }

  /** Runs {@code java -jar <jar> <subcommand> <args...>} in the foreground. */
  private int delegate(Delegation delegation, List<String> args) throws Exception {
    if (delegation == null) {
      System.out.print(USAGE);
      return 2;
    }
    Path jar = root.resolve(delegation.jar());
    if (!Files.exists(jar)) {
      System.err.println(
          "no " + delegation.jar() + ": ./mvnw -DskipTests package builds it (./platform does)");
      return 1;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Infrastructure.java(),
                "-Dai.djl.offline=true",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString(),
                delegation.subcommand()));
    command.addAll(args.subList(1, args.size()));
    return new ProcessBuilder(command).directory(root.toFile()).inheritIO().start().waitFor();
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        continue;
      }
      if (arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.size()) {
        options.put(arg.substring(2), args.get(++i));
      }
    }
    return options;
  }
}
