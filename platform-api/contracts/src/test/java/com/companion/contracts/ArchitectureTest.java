package com.companion.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What every service shares is plain data: it knows no service and no framework, so a module that
 * only reads the events (a tool, a test, another runtime) can use it without Spring.
 */
@AnalyzeClasses(
    packages = "com.companion.contracts",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noServiceCode =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.companion.character..",
              "com.companion.chat..",
              "com.companion.safety..",
              "com.companion.gateway..",
              "com.companion.inference..",
              "com.companion.edge..",
              "com.companion.identity..",
              "com.companion.analytics..",
              "com.companion.platform..");

  @ArchTest
  static final ArchRule noSpring =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "reactor..", "org.apache.kafka..");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices().matching("com.companion.contracts.(*)..").should().beFreeOfCycles();
}
