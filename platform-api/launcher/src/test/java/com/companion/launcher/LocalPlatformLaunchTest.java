package com.companion.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service runs from a copy of its jar in the data folder, so that a rebuild in the same checkout
 * while the platform runs leaves the running services alone.
 */
class LocalPlatformLaunchTest {

  @TempDir Path root;

  private final Service gateway =
      new Service("model-gateway", "model-gateway", 18084, "/ready", Map.of());

  private Settings settings() {
    return Settings.from(root, List.of("--data-dir=" + root.resolve("data")));
  }

  private Path builtJar() {
    return root.resolve("model-gateway/target/model-gateway.jar");
  }

  @Test
  void aServiceRunsFromACopyThatALaterRebuildDoesNotChange() throws Exception {
    Files.createDirectories(builtJar().getParent());
    Files.writeString(builtJar(), "the first build");
    Path copy = root.resolve("data/run/model-gateway.jar");

    List<String> command = new LocalPlatform(settings()).command(gateway);

    assertThat(command).containsSubsequence("-jar", copy.toString());
    assertThat(command).doesNotContain(builtJar().toString());
    assertThat(copy).hasContent("the first build");

    // a rebuild rewrites the jar in target/ in place while the service runs
    Files.writeString(builtJar(), "a rebuild");
    assertThat(copy).hasContent("the first build");

    // the next start runs the new build
    new LocalPlatform(settings()).command(gateway);
    assertThat(copy).hasContent("a rebuild");
    assertThat(copy.getParent().toFile().list()).containsExactly("model-gateway.jar");
  }

  @Test
  void aBuildThatDidNotChangeSinceTheLastStartIsNotCopiedAgain() throws Exception {
    Files.createDirectories(builtJar().getParent());
    Files.writeString(builtJar(), "the first build");
    Path copy = root.resolve("data/run/model-gateway.jar");
    new LocalPlatform(settings()).command(gateway);
    Object first = Files.readAttributes(copy, BasicFileAttributes.class).fileKey();

    new LocalPlatform(settings()).command(gateway);

    // the same file, not a new copy moved over it
    assertThat(Files.readAttributes(copy, BasicFileAttributes.class).fileKey()).isEqualTo(first);
    assertThat(copy).hasContent("the first build");
  }

  @Test
  void aMissingJarSaysHowToBuildIt() {
    assertThatThrownBy(() -> new LocalPlatform(settings()).command(gateway))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(builtJar() + " is missing; run ./mvnw -DskipTests install");
  }
}
