package com.companion.safety.cli;

import java.io.PrintStream;
import java.util.Set;

/** The command-line entry points of the jar besides the server. */
public final class SafetyCommands {

  public static final Set<String> NAMES = Set.of("safety-train", "safety-eval", "safety-bench");

  private SafetyCommands() {}

  public static boolean handles(String[] args) {
    return args.length > 0 && NAMES.contains(args[0]);
  }

  public static int run(String[] args, PrintStream out) {
    try {
      CommandArgs parsed = CommandArgs.parse(args, 1);
      return switch (args[0]) {
        case "safety-train" -> TrainCommand.run(parsed, out);
        case "safety-eval" -> EvalCommand.run(parsed, out);
        case "safety-bench" -> BenchCommand.run(parsed, out);
        default -> 2;
      };
    } catch (IllegalArgumentException e) {
      System.err.println(args[0] + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    }
  }
}
