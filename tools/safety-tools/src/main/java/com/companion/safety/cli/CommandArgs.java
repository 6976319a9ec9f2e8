package com.companion.safety.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs after the command word. */
record CommandArgs(Map<String, String> values) {

  static CommandArgs parse(String[] args, int from) {
    Map<String, String> m = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        m.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        m.put(key, args[++i]);
      } else {
        m.put(key, "true");
      }
    }
    return new CommandArgs(m);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  /**
   * A path under safety-filter's folder, when run from the repository root or from this module's
   * folder ({@code tools/safety-tools}), else relative.
   */
  static Path moduleDefault(String relative) {
    for (Path service :
        new Path[] {Path.of("safety-filter"), Path.of("..", "..", "safety-filter")}) {
      if (Files.isDirectory(service)) {
        return service.resolve(relative);
      }
    }
    return Path.of(relative);
  }

  /** The shared datasets live beside the repository. */
  static Path sharedDataset(String name) {
    Path fromRoot = Path.of("..", "shared", "datasets", name, "train.csv");
    Path fromModule = Path.of("..", "..", "..", "shared", "datasets", name, "train.csv");
    return Files.exists(fromRoot) || !Files.exists(fromModule) ? fromRoot : fromModule;
  }

  /** Where a missing dataset comes from: the message a command prints instead of a stack trace. */
  static String whereToGet(String format, Path missing, String option) {
    String source =
        switch (format) {
          case "cold" ->
              "COLDataset (thu-coai/COLDataset on GitHub, Apache-2.0): its train.csv, columns TEXT"
                  + " and label";
          case "davidson" ->
              "the labelled tweets of Davidson et al. 2017 (t-davidson/"
                  + "hate-speech-and-offensive-language on GitHub, MIT): labeled_data.csv, columns"
                  + " tweet and class";
          default -> "a CSV in the cold or davidson layout";
        };
    return ("%s not found. Get %s, then pass its path with --%s FILE, or place it at"
            + " ../shared/datasets/%s/train.csv beside the repository (safety-filter/README.md,"
            + " Datasets).")
        .formatted(missing, source, option, format);
  }
}
