import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording's CPU samples ({@code jdk.ExecutionSample}), as the
 * chat-service README's profile tables show them: where a service's threads spend their time, the
 * methods that run the most (the sampled frame itself), and the project's own methods with
 * everything they call.
 *
 * <p>A single-file program, run with a JDK and nothing else: {@code java
 * chat-service/profile/JfrTop.java service.jfr [rows]}.
 */
public final class JfrTop {

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: java JfrTop.java <recording.jfr> [rows]");
      System.exit(2);
    }
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> leaves = new HashMap<>();
    Map<String, Integer> project = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      samples++;
      threads.merge(threadGroup(event), 1, Integer::sum);
      if (event.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (!frames.isEmpty()) {
        leaves.merge(name(frames.getFirst()), 1, Integer::sum);
      }
      Set<String> own = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (name.startsWith("com.companion.") && !name.contains("$$Lambda")) {
          // a lambda counts as the method that wrote it
          own.add(name.replaceAll("\\.lambda\\$(\\w+)\\$\\d+$", ".$1"));
        }
      }
      own.forEach(name -> project.merge(name, 1, Integer::sum));
    }
    System.out.printf("%s: %d CPU samples%n", args[0], samples);
    print("threads", threads, samples, rows);
    print("methods running when sampled (self)", leaves, samples, rows);
    print("project methods on the stack (with what they call)", project, samples, rows);
  }

  /** A thread's name without its number: the pool, event loop or worker it belongs to. */
  private static String threadGroup(RecordedEvent event) {
    var thread = event.getThread("sampledThread");
    String name = thread == null ? "?" : thread.getJavaName();
    if (name == null) {
      name = thread.getOSName();
    }
    return name == null ? "?" : name.replaceAll("([-#]?\\d+)+$", "");
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
    System.out.println("\n| " + title + " | share of samples |");
    System.out.println("|---|---:|");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            e ->
                System.out.printf(
                    "| `%s` | %.1f%% |%n",
                    e.getKey(),
                    100.0 * e.getValue() / Math.max(1, samples)));
  }
}
