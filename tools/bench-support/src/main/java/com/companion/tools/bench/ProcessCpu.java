package com.companion.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of every platform process, read from {@code /proc}: each service by its jar, plus
 * PostgreSQL, Redis and Kafka. A process's figure includes the children it has reaped (PostgreSQL's
 * backends that ended), so connections that come and go during a phase still count. Each JVM also
 * has a group of its own for its JIT compiler threads, named with the suffix {@link #JIT}.
 */
public final class ProcessCpu {

  /** Linux reports CPU time in clock ticks of 10 ms on every common configuration. */
  private static final double MS_PER_TICK = 10.0;

  /** The suffix of the group that holds a JVM's JIT compiler threads' share of its CPU. */
  public static final String JIT = " (JIT)";

  /** The group of the calling process itself, when a snapshot includes it. */
  public static final String SELF = "self";

  private static final Pattern JAR = Pattern.compile("([A-Za-z0-9_.-]+)\\.jar");

  private ProcessCpu() {}

  /**
   * CPU milliseconds so far per platform process group; empty where /proc is not readable. The
   * calling process is left out: a bench's client work is not the platform's.
   */
  public static Map<String, Double> snapshot() {
    return snapshot(false);
  }

  /**
   * CPU milliseconds so far per platform process group, the calling process included, as {@link
   * #SELF}, when {@code includeSelf}: for a bench that runs a service inside its own JVM. Empty
   * where /proc is not readable.
   */
  public static Map<String, Double> snapshot(boolean includeSelf) {
    Map<String, Double> byGroup = new TreeMap<>();
    String self = Long.toString(ProcessHandle.current().pid());
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                boolean isSelf = p.getFileName().toString().equals(self);
                String group = isSelf ? (includeSelf ? SELF : null) : groupOf(cmdline(p));
                if (group != null) {
                  byGroup.merge(group, cpuMillis(p), Double::sum);
                  byGroup.merge(group + JIT, compilerMillis(p), Double::sum);
                }
              });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return byGroup;
  }

  /** The JIT compiler threads' share of all the CPU in {@code spent} (0 when there is none). */
  public static double jitShare(Map<String, Double> spent) {
    double all = otherMillis(spent);
    return all <= 0 ? 0 : jitMillis(spent) / all;
  }

  /** The JIT compiler threads' CPU milliseconds in {@code spent}. */
  public static double jitMillis(Map<String, Double> spent) {
    return spent.entrySet().stream()
        .filter(e -> e.getKey().endsWith(JIT))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The CPU milliseconds in {@code spent} of everything but the JIT compiler threads. */
  public static double otherMillis(Map<String, Double> spent) {
    return spent.entrySet().stream()
        .filter(e -> !e.getKey().endsWith(JIT))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /**
   * The group a process belongs to, from its command line (arguments separated by NUL, as in {@code
   * /proc/<pid>/cmdline}); null for a process that is not the platform's.
   */
  public static String groupOf(String cmdline) {
    if (cmdline.isEmpty()) {
      return null;
    }
    if (cmdline.contains("kafka.Kafka")) {
      return "kafka";
    }
    String first = cmdline.split("\0", 2)[0];
    if (first.endsWith("postgres") || first.startsWith("postgres:")) {
      return "postgresql";
    }
    if (first.contains("redis-server")) {
      return "redis";
    }
    if (cmdline.contains("com.companion.launcher.Platform")) {
      return null;
    }
    // a service runs as `java … -jar <path>/<service>.jar`: from its build folder, or from the
    // copy the launcher makes in its data folder
    List<String> args = List.of(cmdline.split("\0"));
    int jarFlag = args.indexOf("-jar");
    if (jarFlag < 0 || jarFlag + 1 >= args.size()) {
      return null;
    }
    Matcher jar = JAR.matcher(Path.of(args.get(jarFlag + 1)).getFileName().toString());
    if (!jar.matches()) {
      return null;
    }
    String name = jar.group(1);
    return name.equals("launcher") || name.startsWith("plexus") || name.startsWith("surefire")
        ? null
        : name;
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** utime + stime + cutime + cstime of {@code /proc/<pid>/stat}, in ms. */
  private static double cpuMillis(Path proc) {
    return millis(proc.resolve("stat"), true);
  }

  /**
   * CPU of a JVM's JIT compiler threads ({@code C1/C2 CompilerThread}), in ms: warm-up work that a
   * long-running service stops paying once its code is compiled.
   */
  private static double compilerMillis(Path proc) {
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      return tasks
          .filter(t -> readName(t).contains("CompilerThre"))
          .mapToDouble(t -> millis(t.resolve("stat"), false))
          .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String readName(Path task) {
    try {
      return Files.readString(task.resolve("comm"));
    } catch (IOException e) {
      return "";
    }
  }

  private static double millis(Path statFile, boolean withChildren) {
    try {
      String stat = Files.readString(statFile);
      // the command name is in parentheses and may hold spaces: fields count from after it
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withChildren) {
        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return ticks * MS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU milliseconds per second of {@code over}, per group. */
  public static Map<String, Double> perSecond(Map<String, Double> spent, Duration over) {
    double seconds = over.toMillis() / 1000.0;
    Map<String, Double> rate = new TreeMap<>();
    spent.forEach((group, ms) -> rate.put(group, ms / seconds));
    return rate;
  }

  /** after - before, per group. */
  public static Map<String, Double> spent(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> spent = new TreeMap<>();
    after.forEach((group, ms) -> spent.put(group, ms - before.getOrDefault(group, 0.0)));
    return spent;
  }
}
