package com.companion.tools;

import com.companion.character.bench.CardCodecBench;
import com.companion.character.bench.DiscoveryBench;
import java.util.Arrays;

/**
 * {@code java -jar tools/character-tools/target/character-tools.jar
 * card-codec-bench|discovery-bench [arguments]}.
 */
public final class CharacterTools {

  private static final String USAGE =
      """
      usage: java -jar tools/character-tools/target/character-tools.jar <command> [arguments]

        card-codec-bench [seconds-per-case]                      card import/export throughput
        discovery-bench [characters] [admin-jdbc-url] [keep]     discovery query latency over a
                                                                 seeded catalogue (PostgreSQL)
      """;

  private CharacterTools() {}

  public static void main(String[] args) throws Exception {
    String command = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "card-codec-bench" -> CardCodecBench.main(rest);
      case "discovery-bench" -> DiscoveryBench.main(rest);
      default -> usage(args);
    }
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
