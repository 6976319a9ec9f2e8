package com.companion.edge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.companion.testkit.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "com.companion.edge",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The edge talks to the services over HTTP only; it shares nothing but the contracts. */
  @ArchTest
  static final ArchRule noOtherServiceCode =
      ArchitectureRules.importsNoOtherService("com.companion.edge");

  /** Only the product catalog and the event recorder touch the database. */
  @ArchTest
  static final ArchRule sqlStaysInTheCatalogAndTheOutbox =
      noClasses()
          .that()
          .resideInAnyPackage(
              "com.companion.edge.http..",
              "com.companion.edge.access..",
              "com.companion.edge.routing..",
              "com.companion.edge.ratelimit..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

  @ArchTest
  static final ArchRule internalStaysInItsFeature =
      ArchitectureRules.internalPackagesStayInTheirFeature("com.companion.edge");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      ArchitectureRules.noCyclesBetweenFeatures("com.companion.edge");
}
