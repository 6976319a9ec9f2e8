package com.companion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.probe.neighbour.NeighbourService;
import com.companion.probe.own.UsesNeighbour;
import com.companion.probe.own.UsesSharedLibraries;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ArchitectureRulesTest {

  private static final JavaClasses PROBES =
      new ClassFileImporter()
          .importClasses(UsesNeighbour.class, UsesSharedLibraries.class, NeighbourService.class);

  @Test
  void anotherServiceImportedFailsTheRule() {
    assertThatThrownBy(
            () -> ArchitectureRules.importsNoOtherService("com.companion.probe.own").check(PROBES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(UsesNeighbour.class.getName())
        .hasMessageContaining(NeighbourService.class.getName())
        .hasMessageNotContaining(UsesSharedLibraries.class.getName());
  }

  @Test
  void statedExceptionsAndTheSharedLibrariesAreAllowed() {
    ArchitectureRules.importsNoOtherService(
            "com.companion.probe.own", "com.companion.probe.neighbour")
        .check(PROBES);
    ArchitectureRules.importsNoOtherService(
            "com.companion.probe.own", "com.companion.probe.neighbour..")
        .check(PROBES);
  }

  @Test
  void aPackageThatOnlySharesAPrefixIsNotAllowed() {
    assertThatThrownBy(
            () ->
                ArchitectureRules.importsNoOtherService(
                        "com.companion.probe.own", "com.companion.probe.neigh")
                    .check(PROBES))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void featureOfNamesTheFirstPackageBelowTheBase() {
    assertThat(ArchitectureRules.featureOf("com.x.chat", "com.x.chat.turn.internal"))
        .isEqualTo("turn");
    assertThat(ArchitectureRules.featureOf("com.x.chat", "com.x.character")).isEmpty();
  }
}
