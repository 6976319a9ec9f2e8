package com.companion.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What each service of a running platform was doing when a request got no answer: the last lines of
 * its log and the top frames of its request threads (event loops and worker pools), from {@code
 * jcmd Thread.print}. Full thread dumps are kept beside the logs. Printed by a test whose request
 * timed out, so that a stall seen only once leaves its evidence in the build output.
 */
final class StallReport {

  private static final int LOG_LINES = 15;
  private static final int FRAMES = 8;
  private static final List<String> REQUEST_THREADS =
      List.of("reactor-http-", "boundedElastic", "parallel", "http-nio", "outbox");
  private static final List<String> IDLE_FRAMES =
      List.of(
          "epollWait",
          "EPoll.wait",
          "SelectorImpl.select",
          "ThreadPoolExecutor.getTask",
          "DelayedWorkQueue.take");

  private StallReport() {}

  static String of(LocalPlatform platform) {
    StringBuilder report = new StringBuilder("\n==== stall report ====\n");
    List<Service> services = platform.services();
    List<Process> processes = platform.processes();
    for (int i = 0; i < processes.size(); i++) {
      String name = services.get(i).name();
      Process process = processes.get(i);
      report.append("---- ").append(name).append(" (pid ").append(process.pid()).append(")");
      report.append(process.isAlive() ? "\n" : " exited\n");
      Path log = platform.settings().logDir().resolve(name + ".log");
      tail(log).forEach(line -> report.append("  log| ").append(line).append('\n'));
      if (process.isAlive()) {
        String dump = threadDump(process.pid());
        write(platform.settings().logDir().resolve(name + ".threads.txt"), dump);
        report.append(requestThreads(dump));
      }
    }
    return report.append("==== end of stall report ====\n").toString();
  }

  private static List<String> tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    } catch (IOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }

  private static String threadDump(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** The threads that serve requests, each with its state and top frames, busy ones only. */
  static String requestThreads(String dump) {
    StringBuilder out = new StringBuilder();
    for (String block : dump.split("\n\n")) {
      String[] lines = block.strip().split("\n");
      if (lines.length < 2 || !lines[0].startsWith("\"")) {
        continue;
      }
      String thread = lines[0].substring(1, lines[0].indexOf('"', 1));
      if (REQUEST_THREADS.stream().noneMatch(thread::startsWith) || idle(lines)) {
        continue;
      }
      out.append("  thread| ").append(thread).append('\n');
      List<String> frames = new ArrayList<>();
      for (int i = 1; i < lines.length && frames.size() <= FRAMES; i++) {
        frames.add(lines[i].strip());
      }
      frames.forEach(frame -> out.append("  thread|   ").append(frame).append('\n'));
    }
    return out.toString();
  }

  /** A thread waiting for work: an event loop in its selector, a pool thread parked for tasks. */
  private static boolean idle(String[] lines) {
    String stack = String.join("\n", lines);
    return IDLE_FRAMES.stream().anyMatch(stack::contains);
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException ignored) {
      // the report itself still prints
    }
  }
}
