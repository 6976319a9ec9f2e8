package com.companion.safety.cli;

import com.companion.safety.classifier.TextClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the commands find the classifier: --model, else the module's model/, else the jar. */
final class ModelFiles {

  static final String FILE_NAME = "classifier.bin.gz";

  private ModelFiles() {}

  static TextClassifier load(CommandArgs args) throws IOException {
    String explicit = args.get("model", null);
    if (explicit != null) {
      return TextClassifier.load(Path.of(explicit));
    }
    Path local = CommandArgs.moduleDefault("model").resolve(FILE_NAME);
    if (Files.exists(local)) {
      return TextClassifier.load(local);
    }
    try (InputStream in = ModelFiles.class.getResourceAsStream("/model/" + FILE_NAME)) {
      if (in == null) {
        throw new IOException("no classifier: train one with safety-train or pass --model FILE");
      }
      return TextClassifier.read(in);
    }
  }
}
