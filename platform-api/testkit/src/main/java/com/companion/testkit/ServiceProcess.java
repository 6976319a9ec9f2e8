package com.companion.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A platform service started from its built jar as a real OS process, for tests that cross process
 * boundaries (real HTTP between services). Output goes to {@code target/<name>-<port>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code <repo>/<module>/target/<artifact>.jar} on a free port.
   *
   * @param module the module folder relative to the repository root, e.g. {@code inference-node}
   * @param properties Spring properties passed as {@code --key=value}
   */
  public static ServiceProcess start(String module, Map<String, String> properties) {
    return start(module, Infra.freePort(), properties);
  }

  public static ServiceProcess start(String module, int port, Map<String, String> properties) {
    Path jar = jarOf(module);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dai.djl.offline=true");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    String name = Path.of(module).getFileName().toString();
    Path log = Path.of("target", name + "-" + port + ".log").toAbsolutePath();
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .directory(repositoryRoot().toFile())
              .start();
      return new ServiceProcess(name, port, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository root: the nearest parent folder holding {@code mvnw}. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Path jarOf(String module) {
    Path moduleDir = repositoryRoot().resolve(module);
    String artifact = moduleDir.getFileName().toString();
    Path jar = moduleDir.resolve("target").resolve(artifact + ".jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (./mvnw -pl " + module + " -am package -DskipTests)");
    }
    return jar;
  }

  /** Waits until {@code GET path} answers 200, or fails with the tail of the process log. */
  public ServiceProcess awaitReady(String path, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early:\n" + logTail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause();
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
  }

  public ServiceProcess awaitReady() {
    return awaitReady("/actuator/health/readiness", Duration.ofSeconds(90));
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Process process() {
    return process;
  }

  /** Kills the process at once (SIGKILL), like a crashed node. */
  public void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    waitForExit();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
