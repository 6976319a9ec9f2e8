package com.companion.launcher;

import com.companion.contracts.auth.AgeGroup;
import com.companion.contracts.auth.Role;
import com.companion.migrations.Migrator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: infrastructure, migrations, and every service as its own
 * process with its own log. Used by {@code ./platform up} and by the whole-platform tests.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Settings settings;
  private final Infrastructure infrastructure;
  private final List<Process> processes = new ArrayList<>();
  private final List<Service> services;

  LocalPlatform(Settings settings) {
    this.settings = settings;
    this.infrastructure = new Infrastructure(settings);
    this.services = Service.all(settings);
  }

  /**
   * Starts everything and returns the readiness of each service once all are ready or timed out.
   */
  Map<String, Boolean> start(Duration readyTimeout) throws Exception {
    Files.createDirectories(settings.logDir());
    infrastructure.start();
    Migrator.migrate(settings.jdbcUrl(), "postgres", "");
    for (Service service : services) {
      processes.add(launch(service));
    }
    Map<String, Boolean> ready = new LinkedHashMap<>();
    Instant deadline = Instant.now().plus(readyTimeout);
    for (Service service : services) {
      ready.put(service.name(), awaitReady(service, deadline));
    }
    if (!ready.containsValue(false)) {
      registerLocalModel();
    }
    return ready;
  }

  /**
   * Points the gateway's {@code companion-moe} alias at the local inference node. The deployment
   * lives in the gateway's schema; putting the same version again is a no-op.
   */
  private void registerLocalModel() throws IOException, InterruptedException {
    String admin =
        Platform.mint(
            settings.dataDir(),
            "platform-launcher",
            Set.of(Role.ADMIN),
            "glow",
            AgeGroup.ADULT,
            Duration.ofMinutes(5));
    String body =
        "{\"nodes\": [\"http://127.0.0.1:%d\"], \"description\": \"in-house MoE, local node\"}"
            .formatted(settings.inferencePort());
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:%d/v1/admin/models/companion-moe/versions/v1"
                            .formatted(settings.gatewayPort())))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "registering the model with the gateway failed: "
              + response.statusCode()
              + " "
              + response.body());
    }
    System.out.println("model       companion-moe -> inference-node :" + settings.inferencePort());
  }

  List<Service> services() {
    return services;
  }

  Settings settings() {
    return settings;
  }

  /** The service processes, in the order of {@link #services()}. */
  List<Process> processes() {
    return List.copyOf(processes);
  }

  private Process launch(Service service) throws IOException {
    return new ProcessBuilder(command(service))
        .directory(settings.root().toFile())
        .redirectErrorStream(true)
        .redirectOutput(settings.logDir().resolve(service.name() + ".log").toFile())
        .start();
  }

  /** The command line that runs {@code service} from a fresh copy of its jar. */
  List<String> command(Service service) throws IOException {
    Path jar = runCopy(service);
    List<String> command = new ArrayList<>();
    command.add(Infrastructure.java());
    command.add("-Xmx1g");
    command.add("-XX:+UseSerialGC");
    command.add("-Dai.djl.offline=true");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + service.port());
    service.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
    localModeProperties(service)
        .forEach(
            (key, value) -> {
              if (!service.properties().containsKey(key)) {
                command.add("--" + key + "=" + value);
              }
            });
    return command;
  }

  /**
   * Copies the service's built jar to {@code <data-dir>/run/<service>.jar}, replacing the copy of
   * an earlier start unless that copy is of this very build (the same size and modification time,
   * which the copy keeps), and returns the copy. A service runs from it, not from {@code target/}:
   * a JVM loads classes from its jar lazily, long after start, so a rebuild in the same checkout
   * ({@code ./mvnw install}) that rewrites the jar under a running service breaks it in odd ways
   * (NoClassDefFoundError in the middle of a request).
   */
  private Path runCopy(Service service) throws IOException {
    Path built = settings.root().resolve(service.jar());
    if (!Files.exists(built)) {
      throw new IllegalStateException(built + " is missing; run ./mvnw -DskipTests install");
    }
    Files.createDirectories(settings.runDir());
    Path copy = settings.runDir().resolve(service.name() + ".jar");
    if (isCopyOf(copy, built)) {
      return copy;
    }
    // copied beside the target, then moved into place: never a half-written jar under that name,
    // and a process still running an older copy keeps its own file
    Path partial = settings.runDir().resolve(service.name() + ".jar.part");
    Files.copy(
        built, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return copy;
  }

  private static boolean isCopyOf(Path copy, Path built) throws IOException {
    return Files.exists(copy)
        && Files.size(copy) == Files.size(built)
        && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(built));
  }

  /**
   * What local mode adds to every service: it listens on loopback only, and the secrets the
   * repository would otherwise supply are this machine's own, generated on the first run and kept
   * in {@code <data-dir>/secrets/} (see SECURITY.md). Tokens stay local HS256 ones, which only
   * loopback listeners accept and every deployed service refuses.
   */
  private Map<String, String> localModeProperties(Service service) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.address", "127.0.0.1");
    properties.put("platform.outbox.pseudonym-key", localSecret("pseudonym-key"));
    properties.put("platform.jwt.hmac-secret", LocalSecrets.jwtSecret(settings.dataDir()));
    switch (service.name()) {
      case "model-gateway" ->
          properties.put(
              "gateway.service-credentials.chat-service", localSecret("chat-service-key"));
      case "safety-filter" ->
          properties.put("safety.service-credentials.tools", localSecret("review-intake-key"));
      default -> {}
    }
    return properties;
  }

  private String localSecret(String name) {
    return LocalSecrets.secret(settings.dataDir(), name);
  }

  private boolean awaitReady(Service service, Instant deadline) throws InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      if (isReady(service)) {
        System.out.println("ready       " + service.name());
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  static boolean isReady(Service service) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(service.url() + service.readyPath()))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the services in reverse order (SIGTERM, then SIGKILL after 20 s), then what was started.
   */
  @Override
  public void close() {
    processes.reversed().forEach(Process::destroy);
    for (Process process : processes) {
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    infrastructure.close();
  }
}
